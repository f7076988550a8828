import { describe, expect, it } from 'vitest';
import {
  flatShape,
  groupedShape,
  parseJsonConfig,
  serializeJson,
  type JsonObject,
} from './json-shapes.js';

// Merging Portcullis' entry into an agent's hook list: literal before/after documents.
const ours = (c: string): boolean => c.endsWith('portcullis hook x');
const OURS = 'node /opt/portcullis hook x';
const OLD = 'node /old/portcullis hook x';
const ourGroup: JsonObject = { hooks: [{ type: 'command', command: OURS, timeout: 30 }] };
const spec = [{ event: 'PreToolUse', entry: ourGroup }];

describe('groupedShape (Claude Code, Codex, Gemini)', () => {
  it('adds hooks and the event list to a file without them, keys last', () => {
    const { doc, changed } = groupedShape.apply({ model: 'opus' }, spec, ours, 'f');
    expect(changed).toBe(true);
    expect(doc).toEqual({ model: 'opus', hooks: { PreToolUse: [ourGroup] } });
    expect(Object.keys(doc)).toEqual(['model', 'hooks']);
  });

  it('keeps foreign groups and events, appending ours', () => {
    const foreign = { matcher: 'Bash', hooks: [{ type: 'command', command: 'audit.sh' }] };
    const before = { hooks: { PostToolUse: [foreign], PreToolUse: [foreign] } };
    const { doc } = groupedShape.apply(before, spec, ours, 'f');
    expect(doc).toEqual({ hooks: { PostToolUse: [foreign], PreToolUse: [foreign, ourGroup] } });
    expect(before.hooks.PreToolUse).toHaveLength(1); // the input is not mutated
  });

  it('changes nothing when our exact entry is there', () => {
    const before = { hooks: { PreToolUse: [ourGroup] } };
    expect(groupedShape.apply(before, spec, ours, 'f').changed).toBe(false);
  });

  it('replaces an outdated entry of ours where it stands', () => {
    const a = { hooks: [{ type: 'command', command: 'a.sh' }] };
    const b = { hooks: [{ type: 'command', command: 'b.sh' }] };
    const old = { hooks: [{ type: 'command', command: OLD, timeout: 5 }] };
    const { doc, changed } = groupedShape.apply(
      { hooks: { PreToolUse: [a, old, b] } },
      spec,
      ours,
      'f',
    );
    expect(changed).toBe(true);
    expect(doc).toEqual({ hooks: { PreToolUse: [a, ourGroup, b] } });
  });

  it('takes ours out of a shared group and leaves the group', () => {
    const shared = {
      matcher: '*',
      hooks: [
        { type: 'command', command: 'a.sh' },
        { type: 'command', command: OLD },
      ],
    };
    const { doc } = groupedShape.apply({ hooks: { PreToolUse: [shared] } }, spec, ours, 'f');
    expect(doc).toEqual({
      hooks: {
        PreToolUse: [ourGroup, { matcher: '*', hooks: [{ type: 'command', command: 'a.sh' }] }],
      },
    });
  });

  it('removes ours and the containers only we filled', () => {
    const foreign = { hooks: [{ type: 'command', command: 'a.sh' }] };
    expect(groupedShape.remove({ x: 1, hooks: { PreToolUse: [ourGroup] } }, ours)).toEqual({
      doc: { x: 1 },
      removed: 1,
    });
    expect(
      groupedShape.remove({ hooks: { PreToolUse: [foreign, ourGroup], Stop: [] } }, ours),
    ).toEqual({ doc: { hooks: { PreToolUse: [foreign], Stop: [] } }, removed: 1 });
    expect(groupedShape.remove({ hooks: { Stop: [] } }, ours)).toEqual({
      doc: { hooks: { Stop: [] } },
      removed: 0,
    });
  });

  it('finds ours with the matcher', () => {
    const found = groupedShape.find(
      { hooks: { PreToolUse: [{ matcher: 'Bash', ...ourGroup }] } },
      ours,
    );
    expect(found).toEqual([
      {
        event: 'PreToolUse',
        handler: { type: 'command', command: OURS, timeout: 30 },
        matcher: 'Bash',
        command: OURS,
      },
    ]);
  });

  it('refuses shapes it does not know instead of overwriting them', () => {
    expect(() => groupedShape.apply({ hooks: [] }, spec, ours, 'f.json')).toThrow(
      'f.json: "hooks" is not an object',
    );
    expect(() => groupedShape.apply({ hooks: { PreToolUse: {} } }, spec, ours, 'f.json')).toThrow(
      'f.json: "hooks.PreToolUse" is not a list',
    );
  });
});

describe('flatShape (Cursor, Copilot, Kiro)', () => {
  const copilot = flatShape(['bash', 'command']);
  const entry = { type: 'command', bash: OURS, timeoutSec: 30 };
  it('adds, keeps foreign entries, is idempotent, removes', () => {
    const foreign = { type: 'command', bash: 'lint.sh' };
    const before = { version: 1, hooks: { preToolUse: [foreign] } };
    const once = copilot.apply(before, [{ event: 'preToolUse', entry }], ours, 'f');
    expect(once.doc).toEqual({ version: 1, hooks: { preToolUse: [foreign, entry] } });
    expect(copilot.apply(once.doc, [{ event: 'preToolUse', entry }], ours, 'f').changed).toBe(
      false,
    );
    expect(copilot.remove(once.doc, ours)).toEqual({ doc: before, removed: 1 });
  });
  it('recognises ours under any command key', () => {
    expect(copilot.find({ hooks: { preToolUse: [{ command: OLD }] } }, ours)).toHaveLength(1);
  });
});

describe('parse and serialise', () => {
  it('reads an empty file as {} and rejects what is not a JSON object', () => {
    expect(parseJsonConfig(' \n', 'f')).toEqual({});
    expect(() => parseJsonConfig('{ // comment\n}', 'a.json')).toThrow(/a\.json is not plain JSON/);
    expect(() => parseJsonConfig('[]', 'a.json')).toThrow(
      'a.json: expected a JSON object at the top',
    );
  });
  it('writes two-space JSON with a final newline', () => {
    expect(serializeJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });
});
