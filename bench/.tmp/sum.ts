import { summariseProfile, printProfile } from '../../bench/lib/profile';
const s = summariseProfile(process.argv[2], 30, Number(process.argv[3] ?? 0));
printProfile('x', s);
