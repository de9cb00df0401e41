/** The purposes the dialect's short-lived handles are issued and redeemed under. */

/** A signed-in user awaiting an authorize code (`user/login/apply` → `authorize/apply`). */
export const LOGIN_STATE_PURPOSE = 'iform.login-state';

/** What `variables.code` of a code grant refers to ("第三方获取用户信息的凭证"). */
export const USER_CODE_PURPOSE = 'iform.user-code';
