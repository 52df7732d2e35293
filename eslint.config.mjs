// @ts-check
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';

const hostPackages = ['cdk8s', 'cdk8s-plus-28', 'constructs', 'cdk8s-cli', '@pulumi/*'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'lib/',
      'dist/',
      'coverage/',
      '.build/',
      '.tmp/',
      '.cluster/',
      'docs/api/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // The core must stay framework-free: the root export never loads a host.
    files: [
      'src/posture/**',
      'src/rules/**',
      'src/audit/**',
      'src/checklist/**',
      'src/cli/**',
      'src/report/**',
      'src/index.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: hostPackages, message: 'the core is framework-free' }] },
      ],
    },
  },
  {
    files: ['src/cdk8s/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@pulumi/*'], message: 'cdk8s never loads Pulumi' }] },
      ],
    },
  },
  {
    files: ['src/pulumi/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['cdk8s', 'cdk8s-plus-28', 'constructs'], message: 'Pulumi never loads cdk8s' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
