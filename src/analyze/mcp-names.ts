/**
 * What an MCP tool does, from its name: the verbs in it (`delete_repository`, `createPullRequest`,
 * `k8s-drop-namespace`) and the scope they act on (a whole database or project, one item, a comment). Tool names
 * are chosen by the server's author and are the most honest signal a server gives: annotations are optional
 * and, per the specification, untrusted.
 */

/** What a verb does, most severe first (the order decides between several verbs in one name). */
export type VerbClass =
  | 'destroy'
  | 'delete'
  | 'payment'
  | 'force'
  | 'stop'
  | 'approve'
  | 'merge'
  | 'send'
  | 'deploy'
  | 'exec'
  | 'write'
  | 'interact'
  | 'read';

const w = (s: string): string[] => s.split(/\s+/).filter((x) => x !== '');

// prettier-ignore
const VERBS: ReadonlyArray<readonly [VerbClass, readonly string[]]> = [
  ['destroy', w('drop destroy wipe purge truncate nuke erase obliterate shred flush flushall flushdb')],
  ['delete', w('delete remove rm del unlink terminate kill deprovision uninstall revoke reset deregister unpublish evict cordon drain')],
  ['payment', w('pay transfer charge refund payout purchase buy withdraw withdrawal wire')],
  ['force', w('force')],
  ['stop', w('stop shutdown halt reboot poweroff suspend pause disable deactivate')],
  ['approve', w('approve authorize grant')],
  ['merge', w('merge')],
  ['send', w('send email mail sms tweet dm forward broadcast')],
  ['deploy', w('deploy publish release rollout rollback promote apply migrate provision launch restore')],
  ['exec', w('execute exec run eval shell terminal command cmd script invoke spawn bash sh powershell pwsh')],
  // prettier-ignore
  ['write', w(`create add new insert upsert update edit modify set put post patch write save upload append replace
    rename move copy comment assign unassign label tag fork star unstar lock unlock archive unarchive enable import
    sync push commit submit reply react mark restart scale resize reopen open review subscribe
    unsubscribe link attach register configure install invite close cancel dismiss trigger complete
    dispatch start store remember memorize mkdir touch generate format`)],
  ['interact', w('click type hover drag press fill select choose uncheck tap swipe dialog keyboard mouse')],
  // prettier-ignore
  ['read', w(`get list read search describe fetch find show view query count lookup inspect status browse download
    export watch diff explain stat head tail cat ls grep glob resolve whoami info summarize analyze analyse
    validate lint preview plan retrieve load poll ping health version help snapshot screenshot navigate
    console logs log history compare estimate suggest recommend think sequentialthinking visit wait tabs tab
    back extract parse convert translate calculate compute render docs doc documentation scrape crawl map
    ask chat check exists`)],
];

const CLASS_OF = new Map<string, VerbClass>();
for (const [cls, verbs] of VERBS) for (const v of verbs) if (!CLASS_OF.has(v)) CLASS_OF.set(v, cls);

const ORDER: readonly VerbClass[] = VERBS.map(([cls]) => cls);

/** Scope nouns whose loss is a whole environment or data store. */
// prettier-ignore
const WHOLE = new Set(w(`database databases db dbs cluster clusters project projects organization organisation
  org orgs account accounts environment environments env stack stacks namespace namespaces bucket buckets
  keyspace keyspaces tenant tenants subscription workspace workspaces schema schemas volume volumes disk disks
  dataset datasets site sites domain domains zone zones`));

/** Words that make one operation reach many objects (`delete_all_comments`, `bulk_delete`). */
const BULK = new Set(w('all many bulk batch everything every'));

const PREPOSITION = /^(from|to|by|in|on|of|for|with|into|at|via)$/;

/** Items that are trivially recreated: removing one is low. */
// prettier-ignore
const MINOR = new Set(w(`comment comments reaction reactions label labels draft drafts cache caches session sessions
  notification notifications star stars bookmark bookmarks todo todos tmp temp pin pins assignee assignees
  reviewer reviewers tab tabs highlight highlights cookie cookies`));

/** The words of a tool name: `createPullRequest`, `delete_repo`, `k8s-drop-ns`, `files.write`. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

export interface NameClass {
  cls: VerbClass | undefined;
  /** The verb as found in the name. */
  verb: string | undefined;
  /** The scope reaches a whole environment or data store (`drop_database`, `delete_project`). */
  whole: boolean;
  /** The object is trivially recreated (`delete_comment`, `remove_label`). */
  minor: boolean;
}

/** Classify a tool name by its most severe verb and the object it acts on. */
export function classifyName(name: string): NameClass {
  const tokens = nameTokens(name);
  // The first verb is the tool's verb (`get_workflow_run` gets, `cancel_workflow_run` cancels); a destroying
  // or deleting word anywhere still counts (`repo_delete`, `bulk_delete_rows`), as those are rarely nouns, and
  // so does moving money unless the tool only reads (`create_refund` refunds; `get_transfer` reads).
  let best: { cls: VerbClass; verb: string; at: number } | undefined;
  for (const [at, t] of tokens.entries()) {
    const cls = CLASS_OF.get(t);
    if (!cls) continue;
    const severe =
      cls === 'destroy' || cls === 'delete' || (cls === 'payment' && best?.cls !== 'read');
    if (!best || (severe && ORDER.indexOf(cls) < ORDER.indexOf(best.cls)))
      best = { cls, verb: t, at };
  }
  // `force_push`, `push --force`: force alone (force_refresh) is not destructive.
  if (best?.cls === 'force' && !tokens.includes('push')) {
    return classifyName(tokens.filter((t) => t !== 'force').join('_'));
  }
  const head = best ? headNoun(tokens, best.at) : undefined;
  const bulk = tokens.some((t) => BULK.has(t));
  return {
    cls: best?.cls,
    verb: best?.verb,
    whole: (head !== undefined && WHOLE.has(head)) || best?.verb === 'flushall',
    minor: head !== undefined && MINOR.has(head) && !bulk,
  };
}

/**
 * The object of the verb at `at`: the last word of the noun phrase after it (`delete_issue_comment` → comment,
 * `remove_label_from_issue` → label), or the word just before it when the verb comes last (`comment_delete`).
 */
function headNoun(tokens: readonly string[], at: number): string | undefined {
  // After the verb every word is part of the object, even one that is also a verb (`delete_comment`).
  let head: string | undefined;
  for (const t of tokens.slice(at + 1)) {
    if (PREPOSITION.test(t)) break;
    if (!BULK.has(t)) head = t;
  }
  if (head !== undefined) return head;
  const before = tokens.slice(0, at).filter((t) => !BULK.has(t));
  return before[before.length - 1];
}
