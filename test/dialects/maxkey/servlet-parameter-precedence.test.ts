import { startRuntime } from '../../helpers/gateway';
import { describeServletPrecedence } from '../../helpers/servlet-precedence';
import { APP, APP_SECRET, expectEmpty, maxkeyConfig, TOKEN } from './helpers';

describeServletPrecedence('MaxKey', {
  start: () => startRuntime({ config: maxkeyConfig() }),
  tokenPath: TOKEN,
  form: { grant_type: 'client_credentials', client_id: APP, scope: 'read' },
  secret: APP_SECRET,
  // MaxKey answers a failed client authentication of client_credentials with an empty 200.
  expectRefused: expectEmpty,
});
