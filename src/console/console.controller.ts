import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/public.decorator';
import { consoleConfig } from '../config/configuration';
import { ApiNotFound } from '../http/api-docs.decorators';
import { ApiError } from '../http/api.error';
import { ConsoleAsset, ConsoleAssets } from './console.assets';

/**
 * The browser console's page and files. They are public like any web page: everything they show
 * comes from the admin API, which checks the caller's staff token on every request.
 */
@Public()
@ApiTags('console')
@ApiNotFound()
@Controller('admin')
export class ConsoleController {
  constructor(
    private readonly assets: ConsoleAssets,
    @Inject(consoleConfig.KEY) private readonly settings: ConfigType<typeof consoleConfig>,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The admin console in the browser',
    description: 'For staff; everything it shows comes from the admin API. ADMIN_CONSOLE=false: 404.',
  })
  @ApiOkResponse({
    description: 'The HTML page.',
    content: { 'text/html': { schema: { type: 'string' }, example: '<!doctype html>' } },
  })
  page(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return this.send(reply, 'index.html');
  }

  @Get(':file')
  @ApiOperation({ summary: "One of the console's scripts, its stylesheet or its icon" })
  @ApiOkResponse({
    description: 'The file.',
    content: {
      'text/javascript': { schema: { type: 'string' }, example: 'export function h(tag) {}' },
      'text/css': { schema: { type: 'string' }, example: 'body { margin: 0; }' },
      'image/svg+xml': { schema: { type: 'string' }, example: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
    },
  })
  file(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return this.send(reply, file);
  }

  private send(reply: FastifyReply, name: string): Buffer {
    if (!this.settings.enabled) throw ApiError.notFound();
    const asset: ConsoleAsset = this.assets.get(name);
    // Never cached (security-headers.ts: no-store under /admin), so that an upgrade never runs
    // an old script against a new API.
    void reply.type(asset.type);
    return asset.body;
  }
}
