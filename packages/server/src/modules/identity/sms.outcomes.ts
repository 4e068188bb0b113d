import { AppError } from '../../platform/errors.ts';

/**
 * What a vendor's refusal means for linli: the phone cannot receive (the client's mistake, 400),
 * the vendor's sending limits (429 RATE_LIMITED, the resident waits), or the vendor's own failure
 * (account, template, sign name, balance, outage: 502, the operator must act).
 */
export type SmsRefusal = 'phone_rejected' | 'vendor_limit' | 'vendor_failure';

/** Aliyun SMS (Dysmsapi) codes of a refused SendSms. */
const aliyunRefusals: Record<string, SmsRefusal> = {
  'isv.MOBILE_NUMBER_ILLEGAL': 'phone_rejected',
  'isv.BLACK_KEY_CONTROL_LIMIT': 'phone_rejected',
  'isv.BUSINESS_LIMIT_CONTROL': 'vendor_limit',
  'isv.DAY_LIMIT_CONTROL': 'vendor_limit',
  'isv.MOBILE_COUNT_OVER_LIMIT': 'vendor_limit',
  Throttling: 'vendor_limit',
  'Throttling.User': 'vendor_limit',
  'Throttling.Api': 'vendor_limit',
};

/** Tencent Cloud SMS codes, of the whole request (Response.Error) or of one number (SendStatusSet). */
export function tencentRefusal(code: string): SmsRefusal {
  if (code === 'InvalidParameterValue.IncorrectPhoneNumber' || code === 'FailedOperation.PhoneNumberInBlacklist') return 'phone_rejected';
  if (code.startsWith('LimitExceeded.') || code === 'RequestLimitExceeded') return 'vendor_limit';
  return 'vendor_failure';
}

export function aliyunRefusal(code: string): SmsRefusal {
  return aliyunRefusals[code] ?? 'vendor_failure';
}

/** The AppError a refusal is answered with; the vendor's code and message travel in details. */
export function refusalError(refusal: SmsRefusal, vendor: string, vendorCode: string, vendorMessage: string): AppError {
  const details = { vendor, vendorCode, vendorMessage };
  switch (refusal) {
    case 'phone_rejected':
      return new AppError('SMS_PHONE_REJECTED', `the SMS vendor does not accept this phone number (${vendorCode})`, details);
    case 'vendor_limit':
      return new AppError(
        'RATE_LIMITED',
        `the SMS vendor's sending limit for this phone is reached; try again later (${vendorCode})`,
        details,
      );
    default:
      return new AppError('SMS_PROVIDER_FAILED', `the SMS vendor refused the message: ${vendorCode} ${vendorMessage}`.trim(), details);
  }
}

/** The vendor could not be reached or answered something that is not its protocol. */
export function unreachableError(vendor: string, reason: string): AppError {
  return new AppError('SMS_PROVIDER_FAILED', `the SMS vendor could not be reached: ${reason}`, {
    vendor,
    vendorCode: 'UNREACHABLE',
    vendorMessage: reason,
  });
}
