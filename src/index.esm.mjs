// The ES module entry: the CommonJS build's exports, by name.
import lib from './index.js';

export const { startGateway, GatewayClock, createRuntime, listen, loadConfig, readConfigFile, ConfigError, demoConfig, DIALECTS } = lib;
export const { CoreError, isCoreError, DEFAULT_POLICY, policyWith, parseScope, grantScope, looksLikeJwt, isJwtSpec, isExternalRecord, randomSlice, compileClaims, RESERVED_CLAIMS } = lib;
export default lib;
