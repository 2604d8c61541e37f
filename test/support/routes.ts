import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '../../src/access/public.decorator';
import { TestApp } from './test-app';

export interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
}

function join(...parts: string[]): string {
  return `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;
}

/** Every route the application serves, read from the controllers' metadata. */
export function routesOf(app: TestApp): RouteInfo[] {
  const routes: RouteInfo[] = [];
  const seen = new Set<unknown>();
  for (const module of app.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const classPublic = Reflect.getMetadata(IS_PUBLIC, controller) === true;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const isPublic = classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true;
        routes.push({ method, path: join(prefix, path), isPublic });
      }
    }
  }
  return routes.sort((x, y) => x.path.localeCompare(y.path) || x.method.localeCompare(y.method));
}

/**
 * Every route Fastify serves, as `METHOD /path` (HEAD left out), controllers' and the others'
 * (Swagger UI and its assets), read from Fastify's own route tree.
 */
export function servedRoutes(app: TestApp): string[] {
  const tree = app.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const served: string[] = [];
  const parents: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    parents.length = depth;
    const path = `${parents[depth - 1] ?? ''}${match[2]}`;
    parents.push(path);
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD') served.push(`${method} ${path}`);
  }
  return served.sort();
}
