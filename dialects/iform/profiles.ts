import { STATE, type Failure, type StateEntry } from './errors';

/** `publisher` / `applicant` of a bundle: both `null`, or the client id and the subject's name. */
export type PublisherApplicant = 'null' | 'identity';
/** `uid` of the switch response: `null`, or the target user's uid. */
export type SwitchUid = 'null' | 'target';
/** `uid` of a client_credentials bundle: the client id, or `null`. */
export type ClientCredentialsUid = 'null' | 'client_id';

/**
 * A vendor version's defaults, data only: TTLs, the bundle's documented `uid` / `publisher` /
 * `applicant` values, state codes and message texts. The section's keys override each.
 */
export interface IformProfile {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  publisherApplicant: PublisherApplicant;
  switchUid: SwitchUid;
  clientCredentialsUid: ClientCredentialsUid;
  failures: Record<Failure, StateEntry>;
}

const business = (state: number, message: string): StateEntry => ({ state, message, httpStatus: 200 });
const transport = (httpStatus: number, state: number, message: string): StateEntry => ({ state, message, httpStatus });

/**
 * IBPS OAuth2 v3. Only the 6020101 text is the vendor's (its i18n file); the other texts and
 * the states of client, permission and transport failures are inferred (see README).
 */
const IBPS_V3: IformProfile = {
  accessTokenTtl: 28800,
  refreshTokenTtl: 259200,
  // The v3 document shows `publisher`, `applicant` and the switch response's `uid` as null.
  publisherApplicant: 'null',
  switchUid: 'null',
  // Keeps the documented string type of `uid` for a client.
  clientCredentialsUid: 'client_id',
  failures: {
    illegal_request: business(STATE.ILLEGAL_REQUEST, '非法请求'),
    invalid_client: business(STATE.ILLEGAL_REQUEST, '客户端认证失败'),
    unauthorized_client: business(STATE.ILLEGAL_PERMISSION, '客户端未被授权使用该授权类型'),
    permission_denied: business(STATE.ILLEGAL_PERMISSION, '没有权限'),
    bad_credentials: business(STATE.BAD_CREDENTIALS, '用户名或密码错误'),
    user_locked: business(STATE.BAD_CREDENTIALS, '账号已被锁定'),
    user_disabled: business(STATE.BAD_CREDENTIALS, '账号已被禁用'),
    // Too many failed attempts: the locked-account answer, and a client as its authentication failing.
    locked_out: business(STATE.BAD_CREDENTIALS, '账号已被锁定，请稍后再试'),
    client_locked_out: business(STATE.ILLEGAL_REQUEST, '客户端已被锁定，请稍后再试'),
    invalid_token: business(STATE.ILLEGAL_TOKEN, '无效的token'),
    expired_token: business(STATE.TOKEN_EXPIRED, 'token已过期'),
    invalid_authorize_code: business(STATE.ILLEGAL_TOKEN, '无效的授权码'),
    invalid_refresh_token: business(STATE.ILLEGAL_TOKEN, '无效的刷新令牌'),
    invalid_login_state: business(STATE.ILLEGAL_TOKEN, '无效的登录状态'),
    malformed_body: transport(400, STATE.ILLEGAL_REQUEST, '非法请求'),
    unsupported_media_type: transport(415, STATE.ILLEGAL_REQUEST, '不支持的请求类型'),
    payload_too_large: transport(413, STATE.ILLEGAL_REQUEST, '请求体过大'),
    method_not_allowed: transport(405, STATE.ILLEGAL_REQUEST, '不支持的请求方法'),
    not_found: transport(404, STATE.ILLEGAL_REQUEST, '接口不存在'),
    server_unavailable: transport(503, STATE.SERVICE_ERROR, '服务暂不可用'),
    server_error: transport(500, STATE.SERVICE_ERROR, '服务异常'),
  },
};

export const PROFILES: Record<string, IformProfile> = { 'ibps-v3': IBPS_V3 };
export const DEFAULT_PROFILE = 'ibps-v3';
