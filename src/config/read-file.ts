import { readFileSync } from 'node:fs';
import YAML, { type YAMLError } from 'yaml';
import { codeFrame, jsonErrorOffset, jsonErrorReason, lineAndColumn } from './json-syntax-error';
import { ConfigError } from './validate';

/**
 * Reads a configuration file: `.json` as strict JSON, anything else as YAML. Syntax errors and
 * duplicate keys are reported with the file, the line and column, and a code frame.
 */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return /\.json$/i.test(file) ? parseJson(file, text.replace(/^\uFEFF/, '')) : parseYaml(file, text);
}

function parseYaml(file: string, text: string): unknown {
  const document = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new ConfigError(document.errors.map((e) => yamlProblem(file, e)));
  return document.toJS();
}

/** JSON.parse for strictness (no trailing commas, comments or bare words); the yaml parser only to find duplicate keys, which JSON.parse silently merges. */
function parseJson(file: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = jsonErrorOffset(text, message);
    if (offset === undefined) throw new ConfigError([`${file}: ${message}`]);
    const { line, column } = lineAndColumn(text, offset);
    throw new ConfigError([`${file}: ${jsonErrorReason(message)} at line ${line}, column ${column}:\n\n${codeFrame(text, line, column)}`]);
  }
  const duplicates = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true }).errors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (duplicates.length > 0) throw new ConfigError(duplicates.map((e) => yamlProblem(file, e)));
  return value;
}

/** The yaml package's message: the reason with its line and column, then a code frame. */
function yamlProblem(file: string, error: YAMLError): string {
  return `${file}: ${error.message.trimEnd()}`;
}
