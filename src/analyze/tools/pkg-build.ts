/**
 * Build tools: mvn, gradle, dotnet. Builds and tests are low; deploy/publish goals are publishing; database goals
 * (`flyway:clean`, `liquibase:dropAll`, `dotnet ef database drop`) destroy a database, catastrophic in prod.
 */
import { has, value, type ParsedArgs } from '../args.js';
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { oneOffWeakening, publish, registryChange } from './pkg-publish.js';
import { pkgRead, pkgWrite, splitSub } from './pkg-removal.js';

function dbDrop(
  ctx: ToolContext,
  tool: string,
  verb: string,
  rule: string,
  hints: readonly (string | undefined)[],
  reason: string,
): Action {
  const env = ctx.envOf(...hints);
  return ctx.action({
    tool,
    verb,
    effect: 'destroy',
    risk: env === 'prod' ? 'catastrophic' : 'high',
    rule,
    targets: hints.filter((h): h is string => h !== undefined && h.length > 0),
    env,
    reversible: false,
    reasons: [reason],
  });
}

// Build-tool goals that publish artifacts or drop a database.
const MVN_PUBLISH =
  /^(deploy|deploy:deploy(-file)?|release:perform|nexus-staging:(release|deploy)|central-publishing:publish|jreleaser:(deploy|release|full-release))$/;
const MVN_DBDROP = /^(flyway:clean|liquibase:dropAll|liquibase:drop-all)$/;

const GRADLE_PUBLISH =
  /^(:?[\w-]+:)*(publish(?!ToMavenLocal)\w*|uploadArchives|artifactoryPublish|bintrayUpload|closeAndReleaseRepository|closeAndReleaseSonatypeStagingRepository|releaseSonatypeStagingRepository|jreleaserDeploy|jreleaserRelease)$/;
const GRADLE_DBDROP = /^(:?[\w-]+:)*(flywayClean|dropAll|liquibaseDropAll)$/;

export function buildTool(ctx: ToolContext, tool: string, args: readonly string[]): Action[] {
  const props = args.filter((a) => a.startsWith('-D')).map((a) => a.slice(2));
  const goals = args.filter((a) => !a.startsWith('-'));
  if (tool === 'gradle' && (args.includes('-m') || args.includes('--dry-run')))
    return [pkgRead(ctx, tool, 'dry run', 'dry run: tasks are listed, not run')];
  const actions: Action[] = [];
  const url = props
    .map((d) => /^(flyway|liquibase)\.url=(.*)$/.exec(d)?.[2])
    .find((u) => u !== undefined);
  for (const goal of goals) {
    if ((tool === 'mvn' ? MVN_DBDROP : GRADLE_DBDROP).test(goal)) {
      actions.push(
        dbDrop(
          ctx,
          tool,
          goal,
          'pkg/db-clean',
          [url, ctx.env['SPRING_PROFILES_ACTIVE']],
          `${goal} drops every object in the configured database schema`,
        ),
      );
    } else if ((tool === 'mvn' ? MVN_PUBLISH : GRADLE_PUBLISH).test(goal)) {
      actions.push(
        publish(
          ctx,
          tool,
          goal,
          'the project artifacts',
          props
            .map((d) => /^altDeploymentRepository=.*::(.*)$/.exec(d)?.[1])
            .find((u) => u !== undefined),
        ),
      );
    }
  }
  for (const d of props) {
    if (/^maven\.wagon\.http\.ssl\.(insecure|allowall)=true$/.test(d))
      actions.push(
        oneOffWeakening(ctx, tool, `-D${d}`, 'turns off TLS verification for artifact downloads'),
      );
  }
  return actions.length > 0
    ? actions
    : [pkgWrite(ctx, tool, goals.join(' ') || tool, `${tool} builds or tests the project`, goals)];
}

export function dotnet(ctx: ToolContext, p: ParsedArgs): Action[] {
  const [cmd, rest] = splitSub(p);
  if (cmd === 'nuget') {
    const [op = '', ...more] = rest;
    if (op === 'push')
      return [publish(ctx, 'dotnet', 'nuget push', more[0] ?? 'a package', value(p, '--source'))];
    if (op === 'delete')
      return [
        registryChange(
          ctx,
          'dotnet',
          'nuget delete',
          'pkg/unpublish',
          more.join(' ') || 'a package',
          'deletes (unlists) a package version from the feed',
        ),
      ];
    return [
      op === 'locals' || op === 'list' || op === 'why'
        ? pkgRead(ctx, 'dotnet', `nuget ${op}`)
        : pkgWrite(ctx, 'dotnet', `nuget ${op}`, 'manages NuGet sources'),
    ];
  }
  if (cmd === 'ef' && rest[0] === 'database') {
    const op = rest[1] ?? '';
    const hints = [
      value(p, '--connection'),
      ctx.env['ASPNETCORE_ENVIRONMENT'],
      ctx.env['DOTNET_ENVIRONMENT'],
      value(p, '--environment'),
    ];
    if (op === 'drop') {
      if (has(p, '--dry-run'))
        return [pkgRead(ctx, 'dotnet', 'ef database drop --dry-run', 'dry run')];
      return [
        dbDrop(
          ctx,
          'dotnet',
          'ef database drop',
          'pkg/db-drop',
          hints,
          'drops the application database',
        ),
      ];
    }
    if (op === 'update' && rest[2] === '0') {
      return [
        dbDrop(
          ctx,
          'dotnet',
          'ef database update 0',
          'pkg/db-drop',
          hints,
          'reverts every migration: every table the application created is dropped',
        ),
      ];
    }
  }
  if (['--info', '--version', '--list-sdks', 'list', 'help', 'test', 'format'].includes(cmd))
    return [pkgRead(ctx, 'dotnet', cmd)];
  return [
    pkgWrite(
      ctx,
      'dotnet',
      cmd,
      `dotnet ${cmd} builds, runs or manages the project (dotnet publish writes local output)`,
      rest,
    ),
  ];
}
