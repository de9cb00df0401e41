import { startRuntime } from '../../helpers/gateway';
import { describeServletPrecedence } from '../../helpers/servlet-precedence';
import { BASE, springConfig } from './helpers';

describeServletPrecedence('Spring', {
  start: () => startRuntime({ config: springConfig({ allow_form_authentication: true }) }),
  tokenPath: `${BASE}/oauth/token`,
  form: { grant_type: 'client_credentials', client_id: 'cc-only' },
  secret: 'cc-secret',
  expectRefused: (res) => {
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  },
});
