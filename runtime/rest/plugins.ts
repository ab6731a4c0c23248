/**
 * /connector-plugins (Kafka Connect's ConnectorPluginsResource):
 *
 *   GET /connector-plugins[?connectorsOnly=false]   [{class, type, version}], connectors only by
 *        default; with connectorsOnly=false also converters, header converters, transformations
 *        and predicates
 *   GET /connector-plugins/{p}/config                the plugin's own settings, as ConfigKeyInfo
 *   PUT /connector-plugins/{p}/config/validate       ConfigInfos of a connector config: the
 *        runtime's keys (common, transforms, predicates, error handling, sink topics) and the
 *        connector's own, with values and errors (400 when connector.class names another plugin)
 */
import type { Router } from 'express';
import { generateConfigInfos } from '../api/config/config-infos.js';
import { BadRequestError } from '../worker/errors.js';
import { validateConnectorConfig } from '../worker/config-validation.js';
import { jsonBody, param, route, send, stringMap, type RestContext } from './http.js';

/** Connect's comparison of a plugin name in the path with connector.class: the alias without "Connector" as suffix. */
function normalized(name: string): string {
  return name.endsWith('Connector') && name.length > 'Connector'.length ? name.slice(0, -'Connector'.length) : name;
}

export function pluginRoutes(r: Router, ctx: RestContext): void {
  r.get('/connector-plugins', route((req, res) => {
    const v = req.query.connectorsOnly;
    const connectorsOnly = typeof v !== 'string' || v.trim().toLowerCase() !== 'false';
    send(res, ctx.plugins.list(connectorsOnly));
  }));

  r.get('/connector-plugins/:p/config', route((req, res) => {
    const def = ctx.plugins.configDef(param(req, 'p'));
    send(res, generateConfigInfos(param(req, 'p'), def.configKeys(), [], def.groups()).configs.map((c) => c.definition));
  }));

  r.put('/connector-plugins/:p/config/validate', route(async (req, res) => {
    const p = param(req, 'p');
    const config = stringMap(jsonBody(req), 'The connector configuration');
    const included = config['connector.class'];
    if (included !== undefined && !normalized(included).endsWith(normalized(p))) {
      throw new BadRequestError(`Included connector type ${included} does not match request type ${p}`);
    }
    const props = included === undefined ? { ...config, 'connector.class': p } : config;
    send(res, (await validateConnectorConfig(props, ctx.plugins)).infos);
  }));
}
