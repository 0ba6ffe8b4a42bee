// What an editor shows when the cursor rests on a name: TypeScript's language service (the one VS
// Code and other editors run) asked for the quick info at a position of an in-memory file.
import { existsSync, readFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * An editor on `source`, a file that would sit at `fileName` (so that its imports resolve from
 * there). `hover(marker)` is the text shown at the end of the first occurrence of `marker`: the
 * signature, the documentation, then each JSDoc tag as `@name text`, as an editor lays them out.
 */
export function editorOn(fileName: string, source: string, options: ts.CompilerOptions) {
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [fileName],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      if (name === fileName) return ts.ScriptSnapshot.fromString(source);
      return existsSync(name) ? ts.ScriptSnapshot.fromString(readFileSync(name, 'utf8')) : undefined;
    },
    getCurrentDirectory: () => process.cwd(),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === fileName || ts.sys.fileExists(name),
    readFile: (name) => (name === fileName ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const text = (parts?: ts.SymbolDisplayPart[]) => (parts ?? []).map((p) => p.text).join('');
  return {
    hover(marker: string): string {
      const at = source.indexOf(marker);
      if (at === -1) throw new Error(`hover: ${marker} is not in the source`);
      const info = service.getQuickInfoAtPosition(fileName, at + marker.length - 1);
      if (!info) return '';
      return [text(info.displayParts), text(info.documentation), ...(info.tags ?? []).map((t) => `@${t.name} ${text(t.text)}`)].join('\n');
    },
    /** Compiler errors of the file, as text (empty when it compiles). */
    errors(): string[] {
      return [...service.getSyntacticDiagnostics(fileName), ...service.getSemanticDiagnostics(fileName)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  };
}

/** The compiler options an editor would use for a strict ESM project on Node. */
export const editorOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: false,
  types: [],
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
};
