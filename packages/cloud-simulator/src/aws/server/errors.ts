/** An error the simulated API returns: the AWS error code, message and HTTP status. */
export class AwsApiError extends Error {
  /**
   * @param code - the AWS error code (`InvalidInstanceID.NotFound`, `AccessDenied` …)
   * @param message - the error message
   * @param status - the HTTP status (400 unless given)
   * @param details - extra elements of S3 error bodies (`BucketName` …)
   * @param headers - extra response headers (`x-amz-bucket-region` …)
   */
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** A request parameter with an invalid value (`InvalidParameterValue` in EC2 and RDS). */
export function invalidParameterValue(message: string): AwsApiError {
  return new AwsApiError('InvalidParameterValue', message);
}

/** A Smithy validation failure as ELB and ELBv2 report it (`ValidationError`). */
export function validationError(message: string): AwsApiError {
  return new AwsApiError('ValidationError', `1 validation error detected: ${message}`);
}
