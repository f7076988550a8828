import { describe, expect, it } from 'vitest';
import { patchTouches } from './patch.js';

// [name, patch, op, paths]
const table: readonly (readonly [string, string, string, string[]])[] = [
  ['add', '*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch', 'write', ['a.txt']],
  [
    'update',
    '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-a\n+b\n*** End Patch',
    'edit',
    ['src/a.ts'],
  ],
  ['delete', '*** Begin Patch\n*** Delete File: old.txt\n*** End Patch', 'delete', ['old.txt']],
  [
    'move',
    '*** Begin Patch\n*** Update File: a.ts\n*** Move to: b/a.ts\n@@\n-a\n+b\n*** End Patch',
    'move',
    ['a.ts', 'b/a.ts'],
  ],
  [
    'CRLF line ends',
    '*** Begin Patch\r\n*** Add File: w.txt\r\n+x\r\n*** End Patch\r\n',
    'write',
    ['w.txt'],
  ],
  [
    'indented headers count too',
    '*** Begin Patch\n  *** Delete File: .claude/settings.json\n*** End Patch',
    'delete',
    ['.claude/settings.json'],
  ],
  ['a path named twice is listed once', '*** Update File: a\n*** Update File: a\n', 'edit', ['a']],
  ['a unified diff', '--- a/src/x.ts\n+++ b/src/x.ts\n@@ -1 +1 @@\n-a\n+b\n', 'edit', ['src/x.ts']],
  [
    'a unified diff creating a file',
    '--- /dev/null\n+++ b/new.ts\n@@ -0,0 +1 @@\n+a\n',
    'write',
    ['new.ts'],
  ],
  [
    'a unified diff deleting a file',
    '--- a/old.ts\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n',
    'delete',
    ['old.ts'],
  ],
  [
    'a unified diff renaming a file',
    '--- a/x.ts\n+++ b/.codex/x.ts\n',
    'move',
    ['x.ts', '.codex/x.ts'],
  ],
];

describe('patchTouches', () => {
  for (const [name, patch, op, paths] of table) {
    it(name, () => {
      expect(patchTouches(patch)).toEqual({ op, paths });
    });
  }
  it('throws on a patch that names no file', () => {
    expect(() => patchTouches('*** Begin Patch\n*** End Patch')).toThrow(/names no file/);
    expect(() => patchTouches('')).toThrow(/names no file/);
  });
});
