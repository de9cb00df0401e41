import { describeServletPrecedence } from '../../helpers/servlet-precedence';
import { PROFILE_NAMES, startCas } from './cas-gateway';

for (const profile of PROFILE_NAMES) {
  describeServletPrecedence(`CAS ${profile}`, {
    start: () => startCas(profile),
    tokenPath: '/oauth2.0/accessToken',
    form: { grant_type: 'client_credentials', client_id: 'narrow-app' },
    secret: 'narrow-secret',
    expectRefused: (res) => expect(res.status).toBe(401),
  });
}
