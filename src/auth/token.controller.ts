import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { Client, ClientContext } from '../common/client-context';
import { Public } from './decorators/public.decorator';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { VerifyDto } from './dto/verify.dto';
import { LoginService } from './login.service';
import { RefreshCookie } from './refresh-cookie.interceptor';
import { RefreshResult, RefreshService } from './refresh.service';
import { TokenPair } from './token.service';

/** SimpleJWT's endpoints, same paths and bodies; the trailing slash is optional. */
@Public()
@Controller('api/token')
export class TokenController {
  constructor(
    private readonly login: LoginService,
    private readonly refreshes: RefreshService,
  ) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RefreshCookie('issue')
  async obtain(@Body() body: LoginDto, @Client() client: ClientContext): Promise<TokenPair> {
    const { access, refresh } = await this.login.login(body.username, body.password, client);
    return { refresh, access };
  }

  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RefreshCookie('rotate')
  async refresh(@Body() body: RefreshDto, @Client() client: ClientContext): Promise<Omit<RefreshResult, 'scope'>> {
    const { access, refresh } = await this.refreshes.refresh(body.refresh, client);
    return refresh === undefined ? { access } : { access, refresh };
  }

  @Post('verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async verify(@Body() body: VerifyDto): Promise<Record<string, never>> {
    await this.refreshes.verify(body.token);
    return {};
  }

  @Post('blacklist')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RefreshCookie('end')
  async blacklist(@Body() body: RefreshDto, @Client() client: ClientContext): Promise<Record<string, never>> {
    await this.refreshes.blacklist(body.refresh, client);
    return {};
  }
}
