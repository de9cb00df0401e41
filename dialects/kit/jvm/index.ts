/** What the Java vendors (CAS, Spring Security OAuth2, MaxKey) share: the one surface their dialects import. */
export { JavaHashMap, javaStringHash, spreadHash, inJavaHashMapOrder } from './java-hash-map';
export { servletParams, parseJavaScopeSet } from './servlet-params';
export { jacksonPretty } from './jackson-pretty';
export { SPRING_TOKEN_GRANTS, springPolicyFor, springScopeRefusal, springTokenRequest, springAuthorities, type ScopeRefusal } from './spring-token-endpoint';
export {
  BOOT_ERROR_PROFILES,
  REASON_PHRASES,
  bootErrorBody,
  bootErrorPath,
  bootTimestamp,
  type BootErrorProfile,
  type BootFailure,
  type BootTimestampStyle,
  type BootVersion,
} from './spring-boot-error';
