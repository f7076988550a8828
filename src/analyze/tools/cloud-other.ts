/**
 * Tool model: cloud-other. The smaller clouds and platforms, each described by a path-grammar spec
 * (which options take values, which name the environment, which paths are whole databases, apps or
 * zones) and judged by the shared path judge: PaaS (fly, vercel, heroku, netlify, railway, render),
 * data platforms (wrangler, supabase, neonctl, pscale, turso, mc) and infrastructure providers
 * (doctl, hcloud, linode-cli, vultr-cli, scw, oci, ibmcloud, exo, upctl, civo, ionosctl, openstack,
 * tccli, aliyun).
 */
import type { Action } from '../types.js';
import { defineTool, type Invocation, type ToolContext } from '../model.js';
import type { PathSpec } from './cloud-other-path.js';
import { FLY, HEROKU, NETLIFY, RAILWAY, RENDER, VERCEL, analyzePaas } from './cloud-other-paas.js';
import { NEONCTL, PSCALE, SUPABASE, TURSO, WRANGLER, analyzeData } from './cloud-other-data.js';
import { analyzeMc } from './cloud-other-mc.js';
import { analyzeIaas } from './cloud-other-iaas.js';
import { CIVO, DOCTL, EXO, HCLOUD, LINODE, SCW, UPCTL, VULTR } from './cloud-other-hosting.js';
import { ALIYUN, IBMCLOUD, IONOSCTL, OCI, OPENSTACK, TCCLI } from './cloud-other-enterprise.js';

type Analyzer = (inv: Invocation, ctx: ToolContext) => Action[];

const paas =
  (spec: PathSpec): Analyzer =>
  (inv, ctx) =>
    analyzePaas(inv, ctx, spec);
const data =
  (spec: PathSpec): Analyzer =>
  (inv, ctx) =>
    analyzeData(inv, ctx, spec);
const iaas =
  (spec: PathSpec): Analyzer =>
  (inv, ctx) =>
    analyzeIaas(inv, ctx, spec);

const BY_NAME: Readonly<Record<string, Analyzer>> = {
  fly: paas(FLY),
  flyctl: paas(FLY),
  vercel: paas(VERCEL),
  heroku: paas(HEROKU),
  netlify: paas(NETLIFY),
  railway: paas(RAILWAY),
  render: paas(RENDER),
  wrangler: data(WRANGLER),
  supabase: data(SUPABASE),
  neonctl: data(NEONCTL),
  pscale: data(PSCALE),
  planetscale: data(PSCALE),
  turso: data(TURSO),
  mc: analyzeMc,
  doctl: iaas(DOCTL),
  hcloud: iaas(HCLOUD),
  'linode-cli': iaas(LINODE),
  'vultr-cli': iaas(VULTR),
  scw: iaas(SCW),
  oci: iaas(OCI),
  ibmcloud: iaas(IBMCLOUD),
  exo: iaas(EXO),
  upctl: iaas(UPCTL),
  civo: iaas(CIVO),
  ionosctl: iaas(IONOSCTL),
  openstack: iaas(OPENSTACK),
  tccli: iaas(TCCLI),
  aliyun: iaas(ALIYUN),
};

export const cloudOtherModel = defineTool({
  family: 'cloud-other',
  commands: Object.keys(BY_NAME),
  analyze(inv, ctx) {
    return BY_NAME[inv.name]?.(inv, ctx) ?? [];
  },
});
