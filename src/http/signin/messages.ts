import type { UserIdentifier } from '../../core/directory';
import type { Language } from './language';

/** Every text the sign-in pages show, in each language. `{name}` marks a value filled in (escaped) at render. */
const CATALOGUE = {
  en: {
    brand: 'Single sign-on',
    'signin.title': 'Sign in',
    'signin.subtitle': 'to continue to {client}',
    'signin.password': 'Password',
    'signin.submit': 'Sign in',
    'signin.notice': 'Only enter your password on this page. {client} never sees it.',
    'identifier.username': 'username',
    'identifier.email': 'email',
    'identifier.phone_number': 'phone number',
    'error.bad_credentials': 'The account or password is incorrect.',
    'error.incomplete': 'Enter your account and your password.',
    'error.refused': 'This account cannot sign in. Contact your administrator.',
    'error.locked_out': 'Too many failed attempts. Try again in {minutes} min.',
    'error.form_expired': 'This page had expired. Please sign in again.',
    'consent.title': 'Allow access',
    'consent.heading': '{client} wants to access your account',
    'consent.signed_in_as': 'Signed in as {user}',
    'consent.scopes': 'It will be able to:',
    'consent.scope.openid': 'Confirm who you are',
    'consent.scope.profile': 'See your basic profile',
    'consent.scope.email': 'See your email address',
    'consent.scope.phone': 'See your phone number',
    'consent.scope.read': 'Read your data',
    'consent.scope.write': 'Change your data',
    'consent.scope.other': 'Use the permission “{scope}”',
    'consent.basic': 'Know who you are',
    'consent.allow': 'Allow',
    'consent.deny': 'Deny',
    'consent.not_you': 'Not you?',
    'signout.title': 'Sign out',
    'signout.confirm': 'You are signed in as {user}. Sign out of every application that uses this sign-in?',
    'signout.submit': 'Sign out',
    'signout.done.title': 'Signed out',
    'signout.done': 'You have signed out. You can close this window.',
    'status.title': 'Account',
    'status.signed_in': 'You are signed in as {user}.',
    'status.signed_out': 'You are not signed in. Applications will ask you to sign in when they need to.',
    'page.unknown_client.title': 'Unknown application',
    'page.unknown_client': 'The application that sent you here is not registered, so you cannot sign in to it. Contact the application’s owner.',
    'page.bad_redirect.title': 'Invalid return address',
    'page.bad_redirect': 'The address this application asked to send you back to is not registered for it, so you were not sent there. Contact the application’s owner.',
    'page.bad_form.title': 'Form no longer valid',
    'page.bad_form': 'This form has expired or was changed. Go back to the application and start again.',
    'page.unavailable.title': 'Temporarily unavailable',
    'page.unavailable': 'The sign-in service is temporarily unavailable. Try again in a moment.',
    'page.server_error.title': 'Something went wrong',
    'page.server_error': 'Something went wrong on our side. Try again later.',
    'page.reference': 'Reference: {id}',
    'footer.secure': 'Secure sign-in',
  },
  'zh-CN': {
    brand: '统一身份认证',
    'signin.title': '登录',
    'signin.subtitle': '以继续访问 {client}',
    'signin.password': '密码',
    'signin.submit': '登录',
    'signin.notice': '请只在本页面输入密码，{client} 不会看到您的密码。',
    'identifier.username': '用户名',
    'identifier.email': '邮箱',
    'identifier.phone_number': '手机号',
    'error.bad_credentials': '账号或密码错误。',
    'error.incomplete': '请输入账号和密码。',
    'error.refused': '该账号无法登录，请联系管理员。',
    'error.locked_out': '失败次数过多，请 {minutes} 分钟后再试。',
    'error.form_expired': '页面已过期，请重新登录。',
    'consent.title': '授权访问',
    'consent.heading': '{client} 请求访问您的账号',
    'consent.signed_in_as': '当前账号：{user}',
    'consent.scopes': '授权后，该应用将可以：',
    'consent.scope.openid': '确认您的身份',
    'consent.scope.profile': '查看您的基本资料',
    'consent.scope.email': '查看您的邮箱地址',
    'consent.scope.phone': '查看您的手机号',
    'consent.scope.read': '读取您的数据',
    'consent.scope.write': '修改您的数据',
    'consent.scope.other': '使用权限“{scope}”',
    'consent.basic': '知道您是谁',
    'consent.allow': '同意授权',
    'consent.deny': '拒绝',
    'consent.not_you': '不是您？',
    'signout.title': '退出登录',
    'signout.confirm': '当前账号：{user}。确定要退出所有使用此登录的应用吗？',
    'signout.submit': '退出登录',
    'signout.done.title': '已退出',
    'signout.done': '您已退出登录，可以关闭此窗口。',
    'status.title': '账号',
    'status.signed_in': '您已登录为 {user}。',
    'status.signed_out': '您尚未登录。应用需要时会请您登录。',
    'page.unknown_client.title': '未知应用',
    'page.unknown_client': '将您带到这里的应用未注册，无法登录。请联系该应用的负责人。',
    'page.bad_redirect.title': '回调地址无效',
    'page.bad_redirect': '该应用请求跳转的地址未在其注册信息中，因此不会跳转。请联系该应用的负责人。',
    'page.bad_form.title': '表单已失效',
    'page.bad_form': '此表单已过期或被修改。请返回应用重新开始。',
    'page.unavailable.title': '服务暂不可用',
    'page.unavailable': '登录服务暂时不可用，请稍后再试。',
    'page.server_error.title': '出错了',
    'page.server_error': '服务器出现问题，请稍后再试。',
    'page.reference': '参考编号：{id}',
    'footer.secure': '安全登录',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type MessageKey = keyof (typeof CATALOGUE)['en'];

/** The switch link shows each language in itself. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

/** A message with its `{name}` slots filled; values are plain text (the page escapes the result). */
export function message(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  const template: string = CATALOGUE[language][key] ?? CATALOGUE.en[key];
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}

/** "username, email or phone number" / "用户名/邮箱/手机号": the identifiers a dialect accepts. */
export function identifierLabel(language: Language, identifiers: readonly UserIdentifier[]): string {
  const names = identifiers.map((id) => message(language, `identifier.${id}`));
  if (language === 'zh-CN') return names.join('/');
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a scope lets the client do, for the consent page. */
export function scopeDescription(language: Language, scope: string): string {
  const key = `consent.scope.${scope}` as MessageKey;
  return key in CATALOGUE.en ? message(language, key) : message(language, 'consent.scope.other', { scope });
}
