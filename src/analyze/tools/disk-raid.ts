/**
 * mdadm (software RAID) and cryptsetup (LUKS). Creating an array over devices or zeroing their superblocks
 * loses them; stopping, failing or reshaping an array is a service risk; formatting or erasing a LUKS header
 * makes the whole encrypted volume unreadable, removing a key may.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs } from '../args.js';
import {
  act,
  device,
  isHelp,
  lossOf,
  readAction,
  wipeRisk,
  words,
  wordsOf,
} from './disk-common.js';

const MDADM_VALUE =
  words(`-l --level -n --raid-devices -x --spare-devices -c --chunk --config -p --layout
  --parity -b --bitmap -e --metadata -N --name -z --size -u --uuid --homehost -m --super-minor -U --update
  --array-size --backup-file --data-offset --consistency-policy --write-journal --mail --program --alert
  -d --delay -k --bitmap-chunk --write-behind`);
const MDADM_MANAGE =
  words(`-a --add --re-add --add-spare --replace -A --assemble -R --run -w --readwrite -o
  --readonly -I --incremental`);

/** `mdadm MODE [opts] ARRAY [DEVICES]`. */
export function analyzeMdadm(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'mdadm', 'mdadm --help', 'only prints help')];
  const p = parseArgs(inv.args, { value: MDADM_VALUE });
  const pos = p.positionals;
  const out = (verb: string, risk: Action['risk'], rule: string, reason: string): Action[] => [
    act(ctx, 'mdadm', `mdadm ${verb}`, risk, rule, reason, pos),
  ];
  if (has(p, '--zero-superblock')) {
    return out(
      '--zero-superblock',
      'catastrophic',
      'disk/mdadm-zero',
      `erases the RAID metadata of ${pos.join(', ')}`,
    );
  }
  if (has(p, '-C', '--create', '-B', '--build')) {
    const members = pos.slice(1).join(', ') || 'the member devices';
    return out(
      '--create',
      'catastrophic',
      'disk/mdadm-create',
      `builds a new array over ${members}: their data is overwritten`,
    );
  }
  if (has(p, '--kill-subarray'))
    return out('--kill-subarray', 'catastrophic', 'disk/mdadm-zero', 'deletes a subarray');
  if (has(p, '-S', '--stop')) {
    return out(
      '--stop',
      'high',
      'disk/mdadm-stop',
      `stops ${pos.join(', ') || 'arrays'}: file systems on them go offline`,
    );
  }
  if (has(p, '-r', '--remove', '-f', '--fail', '--set-faulty')) {
    return out(
      '--remove',
      'high',
      'disk/mdadm-remove',
      'fails or removes a member: the array runs degraded',
    );
  }
  if (has(p, '-G', '--grow')) return out('--grow', 'high', 'disk/mdadm-grow', 'reshapes the array');
  if (has(p, ...MDADM_MANAGE))
    return out('--manage', 'low', 'disk/mdadm-manage', 'assembles, starts or adds to an array');
  return [readAction(ctx, 'mdadm', 'mdadm --detail', 'reports RAID state', pos)];
}

const CRYPT_VALUE =
  words(`-c --cipher -h --hash -s --key-size -d --key-file -S --key-slot -b --size -o
  --offset -p --skip -i --iter-time --type -M --header --pbkdf -l --keyfile-size --keyfile-offset --label
  --subsystem --uuid --master-key-file --volume-key-file --sector-size --luks2-metadata-size
  --luks2-keyslots-size --token-id --priority --key-description --integrity -T --tries -t --timeout
  --header-backup-file --pbkdf-memory --pbkdf-parallel --pbkdf-force-iterations --align-payload
  --reduce-device-size --resilience --hotzone-size --device-size --keyslot-cipher --keyslot-key-size
  --new-keyfile --new-key-slot --new-keyfile-size --new-keyfile-offset --json-file --token-type`);
const CRYPT_READ =
  words(`status luksdump isluks benchmark tcryptdump bitlkdump fvault2dump luksheaderbackup
  luksuuid`);

/** `cryptsetup [opts] ACTION DEVICE [...]`. */
export function analyzeCryptsetup(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'cryptsetup', 'cryptsetup --help', 'only prints help')];
  const p = parseArgs(inv.args, { value: CRYPT_VALUE });
  const [action = '', target = ''] = p.positionals;
  const a = action.toLowerCase();
  const d = device(wordsOf(inv, [target])[0] ?? target, ctx.cwd);
  const out = (risk: Action['risk'], rule: string, reason: string): Action[] => [
    act(ctx, 'cryptsetup', `cryptsetup ${action}`, risk, rule, reason, target ? [d.path] : []),
  ];
  if (has(p, '--test-passphrase')) return out('none', 'disk/read', 'only checks a passphrase');
  if (a === 'luksformat' || a === 'format') {
    const risk = wipeRisk(d) === 'none' ? 'low' : wipeRisk(d);
    return out(risk, 'disk/luks-format', `writes a new LUKS header over ${lossOf(d)}`);
  }
  if (a === 'erase' || a === 'lukserase' || a === 'luksheaderrestore') {
    const what =
      a === 'luksheaderrestore' ? 'replaces the LUKS header of' : 'erases every key slot of';
    return out(
      'catastrophic',
      'disk/luks-erase',
      `${what} ${d.path}: the volume may become unreadable for good`,
    );
  }
  if (a === 'lukskillslot' || a === 'luksremovekey' || (a === 'token' && target === 'remove')) {
    return out(
      'high',
      'disk/luks-remove-key',
      `removes a key from ${d.path}: if it was the last, the volume is lost`,
    );
  }
  if (a === 'reencrypt' || a === 'convert' || a === 'lukssuspend' || a === 'repair') {
    return out(
      'high',
      'disk/luks-rewrite',
      `${action} rewrites or freezes the encrypted volume ${d.path}`,
    );
  }
  if (CRYPT_READ.includes(a) && !has(p, '--uuid'))
    return out('none', 'disk/read', `${action} only reads`);
  return out(
    'low',
    'disk/luks-manage',
    `${action || 'cryptsetup'} opens, closes or manages a key of a volume`,
  );
}
