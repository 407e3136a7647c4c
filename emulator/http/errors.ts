/** A Cognito service error as AWS sends it: HTTP status, `__type` and `message`. */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const INCORRECT_CREDENTIALS = 'Incorrect username or password.';

export const notAuthorized = (message = INCORRECT_CREDENTIALS): CognitoError =>
  new CognitoError('NotAuthorizedException', message);
export const invalidParameter = (message: string): CognitoError =>
  new CognitoError('InvalidParameterException', message);
export const resourceNotFound = (message: string): CognitoError =>
  new CognitoError('ResourceNotFoundException', message);
export const userNotFound = (): CognitoError =>
  new CognitoError('UserNotFoundException', 'User does not exist.');
export const codeMismatch = (message: string): CognitoError =>
  new CognitoError('CodeMismatchException', message);
export const serialization = (message: string): CognitoError =>
  new CognitoError('SerializationException', message);
export const poolNotFound = (poolId: string): CognitoError =>
  resourceNotFound(`User pool ${poolId} does not exist.`);
export const clientNotFound = (clientId: string): CognitoError =>
  resourceNotFound(`User pool client ${clientId} does not exist.`);
export const deviceNotFound = (): CognitoError => resourceNotFound('Device does not exist.');
