export { servletParams as springParams, parseJavaScopeSet as parseSpringScope } from '../../src/http/servlet-params';

/** `StringUtils.hasText`. */
export function hasText(value: string | undefined): value is string {
  return value !== undefined && /\S/.test(value);
}
