/**
 * The mail-server fields a Send email step and a saved SMTP credential both ask for, so the two
 * forms read the same and check the same way.
 */
import { z } from 'zod';
import { field } from '../types';

export const smtpPort = () =>
  field(z.coerce.number({ error: 'Enter the port number, like 587.' }).int().min(1).max(65_535).default(587), {
    label: 'Port',
    help: 'Usually 587, or 465 with "Use TLS from the start".',
    widget: 'number',
  });

export const smtpSecure = () =>
  field(z.boolean().default(false), {
    label: 'Use TLS from the start',
    help: 'On for port 465. Off for 587 and 25: the connection still switches to TLS when the server offers it.',
    widget: 'switch',
  });

export const smtpPassword = () => field(z.string().default(''), { label: 'Password', widget: 'secret' });
