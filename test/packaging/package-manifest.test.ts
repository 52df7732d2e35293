import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

// The packaging decisions the consumer tier (test/consumers/run.sh) proves with real installs,
// checked here too so that a change is caught without the network.
const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types?: string }>;
  typesVersions?: Record<string, Record<string, string[]>>;
  files: string[];
};

function compilerOptions(file: string): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, file),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error(`${file} cannot be read`);
  return config.options;
}

describe('the package as consumers resolve it', () => {
  test('every subpath export has the same declarations in typesVersions, for node10 resolution', () => {
    const subpaths = Object.entries(manifest.exports).filter(
      ([subpath, target]) => subpath !== '.' && typeof target === 'object' && target.types !== undefined,
    );
    expect(subpaths.length).toBeGreaterThanOrEqual(6);
    const mapped = manifest.typesVersions?.['*'] ?? {};
    for (const [subpath, target] of subpaths) {
      const types = (target as { types: string }).types.replace(/^\.\//, '');
      expect({ subpath, mapped: mapped[subpath.slice(2)] }).toEqual({ subpath, mapped: [types] });
    }
    expect(Object.keys(mapped)).toHaveLength(subpaths.length);
  });

  test('the build emits no source maps: the package does not ship the sources they would point at', () => {
    const options = compilerOptions('tsconfig.build.json');
    expect(options.sourceMap).toBe(false);
    expect(options.inlineSourceMap).toBeFalsy();
    expect(options.declarationMap).toBeFalsy();
    expect(manifest.files.filter((f) => f.startsWith('src'))).toEqual([]);
  });

  test('internal declarations are stripped from the build', () => {
    expect(compilerOptions('tsconfig.build.json').stripInternal).toBe(true);
  });
});

describe('the public declarations', () => {
  // The modules that use js-yaml and the public ones that reach them (read-file is exported through
  // the audit index), emitted in memory as the build writes them.
  const YAML_MODULES = ['node-events', 'manifest-schema', 'field-line', 'read-file', 'audit-run'];
  function emittedDeclarations(): Map<string, string> {
    const options: ts.CompilerOptions = {
      ...compilerOptions('tsconfig.build.json'),
      emitDeclarationOnly: true,
      noEmit: false,
      // Declarations are emitted whatever the diagnostics: the default library and Node's types
      // would only slow the program down.
      noLib: true,
      types: [],
    };
    const program = ts.createProgram(
      YAML_MODULES.map((name) => join(root, 'src', 'audit', `${name}.ts`)),
      options,
    );
    const emitted = new Map<string, string>();
    program.emit(undefined, (file, text) => emitted.set(file, text));
    return emitted;
  }

  test('import no package whose types a consumer does not install (js-yaml types are a devDependency)', () => {
    const dependencies = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const emitted = emittedDeclarations();
    expect([...emitted.keys()].filter((f) => f.endsWith('node-events.d.ts'))).toHaveLength(1);
    const typesOf = (name: string) => `@types/${name}`;
    const offending: string[] = [];
    for (const [file, text] of emitted) {
      for (const [, specifier] of text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'".][^'"]*)['"]/g)) {
        // js-yaml ships no types: its declarations would come from @types/js-yaml, a devDependency.
        if (specifier === 'js-yaml' && !(typesOf('js-yaml') in dependencies.dependencies)) {
          offending.push(`${file}: ${specifier}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
