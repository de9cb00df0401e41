/** A refused line (the import fails) or a note (it goes on), each naming `file:line`. */
export interface ImportNote {
  file: string;
  line?: number;
  message: string;
}

export class ImportReport {
  readonly refused: ImportNote[] = [];
  readonly warnings: ImportNote[] = [];

  refuse(file: string, line: number | undefined, message: string): void {
    this.refused.push({ file, line, message });
  }

  warn(file: string, line: number | undefined, message: string): void {
    this.warnings.push({ file, line, message });
  }
}

export function formatNote(note: ImportNote, kind?: string): string {
  return `${note.file}${note.line === undefined ? '' : `:${note.line}`}: ${kind ? `${kind}: ` : ''}${note.message}`;
}
