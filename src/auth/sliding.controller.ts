import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { Client, ClientContext } from '../common/client-context';
import { Public } from './decorators/public.decorator';
import { LoginDto } from './dto/login.dto';
import { VerifyDto } from './dto/verify.dto';
import { SlidingService } from './sliding.service';

/** SimpleJWT's sliding-token endpoints; 404 unless SLIDING_TOKENS=true. */
@Public()
@Controller('api/token/sliding')
export class SlidingController {
  constructor(private readonly sliding: SlidingService) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async obtain(@Body() body: LoginDto, @Client() client: ClientContext): Promise<{ token: string }> {
    return { token: await this.sliding.obtain(body.username, body.password, client) };
  }

  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async refresh(@Body() body: VerifyDto, @Client() client: ClientContext): Promise<{ token: string }> {
    return { token: await this.sliding.refresh(body.token, client) };
  }
}
