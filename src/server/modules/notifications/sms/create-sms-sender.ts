/**
 * Picks the SMS carrier from configuration (SMS_PROVIDER). The worker calls this once at start-up
 * and closes the sender on shutdown.
 */
import type { Config } from '../../../config.js';
import { createHttpSmsSender } from './http-sms-sender.js';
import type { SmsLog, SmsSender } from './sms-sender.js';
import { createSmppSender } from './smpp-sender.js';

type SmsConfig = Pick<
  Config,
  | 'SMS_PROVIDER' | 'SMPP_HOST' | 'SMPP_PORT' | 'SMPP_SYSTEM_ID' | 'SMPP_PASSWORD' | 'SMPP_SYSTEM_TYPE'
  | 'SMS_RATE_PER_SECOND' | 'SMS_HTTP_URL' | 'SMS_HTTP_AUTH_HEADER' | 'SMS_HTTP_FIELDS'
>;

function required(value: string | undefined, name: string): string {
  // loadConfig already insists on these; this guards configs built by hand (tests, scripts).
  if (value === undefined) throw new Error(`${name} is required for SMS_PROVIDER`);
  return value;
}

/** The configured SMS sender, or null when SMS_PROVIDER is 'none'. */
export function createSmsSender(config: SmsConfig, log?: SmsLog): SmsSender | null {
  switch (config.SMS_PROVIDER) {
    case 'none':
      return null;
    case 'smpp':
      return createSmppSender({
        host: required(config.SMPP_HOST, 'SMPP_HOST'),
        port: config.SMPP_PORT,
        systemId: required(config.SMPP_SYSTEM_ID, 'SMPP_SYSTEM_ID'),
        password: required(config.SMPP_PASSWORD, 'SMPP_PASSWORD'),
        systemType: config.SMPP_SYSTEM_TYPE,
        ratePerSecond: config.SMS_RATE_PER_SECOND,
        log,
      });
    case 'http':
      return createHttpSmsSender({
        url: required(config.SMS_HTTP_URL, 'SMS_HTTP_URL'),
        authHeader: config.SMS_HTTP_AUTH_HEADER,
        fields: config.SMS_HTTP_FIELDS,
      });
  }
}
