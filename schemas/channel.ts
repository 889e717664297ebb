import * as z from 'zod';

/** Where a message came from or goes to. */
export const ChannelSchema = z.enum(['web', 'connect-chat', 'voice', 'sms']);
export type Channel = z.infer<typeof ChannelSchema>;
