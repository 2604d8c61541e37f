import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/public.decorator';
import { consoleConfig } from '../config/configuration';
import { ApiError } from '../http/api.error';
import { ConsoleAsset, ConsoleAssets } from './console.assets';

/**
 * The browser console's page and files. They are public like any web page: everything they show
 * comes from the admin API, which checks the caller's staff token on every request.
 */
@Public()
@ApiExcludeController()
@Controller('admin')
export class ConsoleController {
  constructor(
    private readonly assets: ConsoleAssets,
    @Inject(consoleConfig.KEY) private readonly settings: ConfigType<typeof consoleConfig>,
  ) {}

  @Get()
  page(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return this.send(reply, 'index.html');
  }

  @Get(':file')
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
