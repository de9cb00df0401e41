import type { RequestHandler } from 'express';
import { type DialectContext, requestValidator, send } from '../../kit';
import type { CasSettings, ClientPlan } from '../config';
import { parseProfileRequest } from '../parse';
import { userProfileResponse } from '../render';

/**
 * `/oauth2.0/profile`: the user behind an access token, from whichever dialect minted it.
 * A missing token is `missing_accessToken`; an unknown, revoked or expired one `expired_accessToken`.
 */
export function profileEndpoint(context: DialectContext, settings: CasSettings, plans: Map<string, ClientPlan>): RequestHandler {
  const validate = requestValidator('cas', 'profile');
  return async (req, res) => {
    const { record, user } = await context.engine.userInfo(parseProfileRequest(req, validate));
    const view = plans.get(record.clientId)?.settings.profileViewType ?? settings.profileViewType;
    send(res, userProfileResponse(settings.profile, view, record, user));
  };
}
