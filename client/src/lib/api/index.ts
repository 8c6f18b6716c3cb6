export { ApiError, errorMessage, parseApiError } from './api-error';
export { HttpClient, isAbort } from './http';
export type { HttpClientOptions, RequestOptions } from './http';
export { CareApi, asPage } from './endpoints';
