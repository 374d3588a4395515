import { Body, Controller, HttpCode, Post, UnauthorizedException, ValidationPipe } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { UserDirectory } from '../users/user-directory';
import { Public } from './auth.decorators';
import { TokenService, type IssuedAccessToken } from './token.service';

export class TokenRequestDto {
  @ApiProperty({ example: 'handler.haicheng' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  // The bound keeps a single request from making scrypt hash megabytes.
  @ApiProperty({ example: 'demo-password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password!: string;
}

export class AccessTokenDto implements IssuedAccessToken {
  @ApiProperty()
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn!: number;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UserDirectory,
    private readonly tokens: TokenService,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  async issueToken(
    // Validated here so the endpoint is safe even if the app registers no global ValidationPipe.
    @Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) { username, password }: TokenRequestDto,
  ): Promise<AccessTokenDto> {
    const user = await this.users.authenticate(username, password);
    // One answer for unknown user and wrong password, so usernames cannot be probed.
    if (!user) throw new UnauthorizedException('Wrong username or password.');
    return this.tokens.issue(user);
  }
}
