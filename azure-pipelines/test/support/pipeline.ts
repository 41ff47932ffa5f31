import * as fs from 'fs';
import * as path from 'path';
import yaml = require('js-yaml');

/**
 * Expands the template expressions an Azure Pipelines YAML file uses, as the pipeline compiler does before a run,
 * for the subset the samples use: `${{ each x in <ref> }}` inserting sequence items, `${{ if <ref> }}` inserting
 * mapping keys, `- template: file` with `parameters:` (declared defaults applied), and `${{ <ref> }}` in scalars,
 * where <ref> is a dotted reference (parameters.waves, wave.name). Anything else is an error here, so a sample that
 * outgrows this expander fails its test instead of passing unchecked.
 */
export function expandPipeline(file: string): any {
  const doc = yaml.load(fs.readFileSync(file, 'utf8')) as any;
  const scope = { parameters: defaults(doc.parameters ?? []) };
  const { parameters: _declared, ...rest } = doc;
  return expand(rest, scope, path.dirname(file));
}

function defaults(declared: { name: string; default?: unknown }[]): Record<string, unknown> {
  return Object.fromEntries(declared.map((p) => [p.name, p.default]));
}

function lookup(ref: string, scope: Record<string, unknown>): unknown {
  const expr = ref.trim();
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(expr)) {
    throw new Error(`template expression not supported by the test's expander: ${expr}`);
  }
  return expr.split('.').reduce<any>((value, key) => (value === undefined || value === null ? undefined : value[key]), scope);
}

function expandScalar(text: string, scope: Record<string, unknown>): unknown {
  const whole = /^\$\{\{(.*)\}\}$/.exec(text.trim());
  if (whole && !whole[1].includes('}}')) {
    return lookup(whole[1], scope);
  }
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => String(lookup(expr, scope) ?? ''));
}

function expand(node: unknown, scope: Record<string, unknown>, dir: string): any {
  if (typeof node === 'string') {
    return expandScalar(node, scope);
  }
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    for (const item of node) {
      const keys = item && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : [];
      const each = keys.length === 1 ? /^\$\{\{\s*each\s+(\w+)\s+in\s+(.+?)\s*\}\}$/.exec(keys[0]) : null;
      if (each) {
        const list = lookup(each[2], scope);
        if (!Array.isArray(list)) {
          throw new Error(`${each[2]} is not a list`);
        }
        for (const element of list) {
          out.push(...expand((item as any)[keys[0]], { ...scope, [each[1]]: element }, dir));
        }
      } else if (keys.includes('template')) {
        const file = path.join(dir, String((item as any).template));
        const template = yaml.load(fs.readFileSync(file, 'utf8')) as any;
        const given = expand((item as any).parameters ?? {}, scope, dir);
        const params = { ...defaults(template.parameters ?? []), ...given };
        for (const p of template.parameters ?? []) {
          if (params[p.name] === undefined) {
            throw new Error(`${file}: parameter ${p.name} is not given`);
          }
        }
        const { parameters: _p, ...body } = template;
        const expanded = expand(body, { parameters: params }, path.dirname(file));
        out.push(...(expanded.jobs ?? expanded.stages ?? expanded.steps));
      } else {
        out.push(expand(item, scope, dir));
      }
    }
    return out;
  }
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const cond = /^\$\{\{\s*if\s+(.+?)\s*\}\}$/.exec(key);
      if (cond) {
        if (lookup(cond[1], scope)) {
          Object.assign(out, expand(value, scope, dir));
        }
      } else if (key.includes('${{')) {
        throw new Error(`template expression in a key not supported by the test's expander: ${key}`);
      } else {
        out[key] = expand(value, scope, dir);
      }
    }
    return out;
  }
  return node;
}

/** The steps of a deployment job's runOnce strategy, or of a plain job. */
export function jobSteps(job: any): any[] {
  return job.strategy?.runOnce?.deploy?.steps ?? job.steps ?? [];
}
