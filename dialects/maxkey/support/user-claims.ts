import type { User } from '../../../src/core';

/** The subject the app is configured for (`username`, `userId`, `email`, `mobile`, …), falling back to the username when blank. */
export function subjectOf(user: User, setting: string): string {
  if (setting === 'username') return user.username;
  if (setting === 'userId') return user.uid;
  const value = user.attributes[setting];
  return value !== undefined && value.trim() !== '' ? value : user.username;
}

const attr = (user: User, ...names: string[]): string | null => {
  for (const name of names) {
    const value = user.attributes[name];
    if (value !== undefined) return value;
  }
  return null;
};

/** MaxKey's `gender` integer: 0 unknown, 1 female, 2 male; the attribute may be the number or the word. */
export function genderCode(user: User): number {
  const value = (user.attributes.gender ?? '').toLowerCase();
  if (value === '1' || value === 'female') return 1;
  if (value === '2' || value === 'male') return 2;
  return 0;
}

/** Epoch milliseconds (Jackson's `java.util.Date`) from a `createdate` attribute in ms or ISO form, else null. */
function createdate(user: User): number | null {
  const value = user.attributes.createdate;
  if (value === undefined) return null;
  const millis = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(millis) ? millis : null;
}

/**
 * The fields of `OAuthDefaultUserInfoAdapter`, in the order they are put into its HashMap,
 * filled from the user's attributes (MaxKey's own field names first, OIDC names as fallback).
 */
export function meFields(user: User, subject: string, instId: string | null, randomId: string): Array<[string, unknown]> {
  return [
    ['randomId', randomId],
    ['userId', user.uid],
    ['user', subject],
    ['username', subject],
    ['displayName', attr(user, 'displayName', 'name')],
    ['employeeNumber', attr(user, 'employeeNumber')],
    ['email', attr(user, 'email')],
    ['mobile', attr(user, 'mobile', 'phone_number')],
    ['realname', attr(user, 'realname', 'name')],
    ['birthday', attr(user, 'birthday', 'birthdate')],
    ['departmentId', attr(user, 'departmentId')],
    ['department', attr(user, 'department')],
    ['createdate', createdate(user)],
    ['title', attr(user, 'title')],
    ['state', attr(user, 'workRegion', 'state')],
    ['gender', genderCode(user)],
    ['institution', attr(user, 'institution') ?? instId],
    // The SSO session of the browser sign-in; a token alone does not carry one.
    ['online_ticket', attr(user, 'online_ticket')],
  ];
}

/** The OIDC userinfo claims of `UserInfoOIDCEndpoint`, by scope (`address` is not offered). */
export function oidcFields(user: User, subject: string, instId: string | null, scope: readonly string[]): Array<[string, unknown]> {
  const fields: Array<[string, unknown]> = [
    ['sub', subject],
    ['institution', attr(user, 'institution') ?? instId],
    ['online_ticket', attr(user, 'online_ticket')],
  ];
  if (scope.includes('profile')) {
    const gender = genderCode(user);
    fields.push(
      ['userId', user.uid],
      ['user', user.username],
      ['name', attr(user, 'displayName', 'name')],
      ['preferred_username', attr(user, 'nickname', 'displayName', 'name')],
      ['given_name', attr(user, 'given_name', 'givenName')],
      ['family_name', attr(user, 'family_name', 'familyName')],
      ['middle_name', attr(user, 'middle_name', 'middleName')],
      ['nickname', attr(user, 'nickname')],
      ['profile', 'profile'],
      ['picture', 'picture'],
      ['displayName', attr(user, 'displayName', 'name')],
      ['departmentId', attr(user, 'departmentId')],
      ['department', attr(user, 'department')],
      ['gender', gender === 1 ? 'female' : gender === 2 ? 'male' : 'unknown'],
      ['zoneinfo', attr(user, 'zoneinfo', 'timeZone')],
      ['locale', attr(user, 'locale')],
      ['updated_time', attr(user, 'updated_time', 'modifiedDate')],
      ['birthdate', attr(user, 'birthdate', 'birthday')],
    );
  }
  if (scope.includes('email')) fields.push(['email', attr(user, 'workEmail', 'email')], ['email_verified', false]);
  if (scope.includes('phone')) fields.push(['phone_number', attr(user, 'mobile', 'phone_number')], ['phone_number_verified', false]);
  return fields;
}
