import { setActiveCommand } from '../set-active';

export const command = setActiveCommand(true);
