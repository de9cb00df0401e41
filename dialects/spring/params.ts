export { servletParams as springParams, parseJavaScopeSet as parseSpringScope } from '../kit/jvm';

/** `StringUtils.hasText`. */
export function hasText(value: string | undefined): value is string {
  return value !== undefined && /\S/.test(value);
}
