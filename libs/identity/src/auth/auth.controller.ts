import { Body, Controller, HttpCode, Post, UnauthorizedException, ValidationPipe } from '@nestjs/common';
import { Label } from '@duban/http-problem';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OrgTree } from '../organisation/org-tree';
import { UserDirectory } from '../users/user-directory';
import { Public } from './auth.decorators';
import { TokenService, type IssuedAccessToken } from './token.service';
import { refusal } from './refusal';

export class TokenRequestDto {
  @Label('用户名', 'username')
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
  @Label('密码', 'password')
  password!: string;
}

/** Who signed in, for a client to show (the token's claims say the same for the API). */
export class SignedInUserDto {
  @ApiProperty({ example: 'handler.haicheng' })
  username!: string;

  @ApiProperty({ example: '王晓梅' })
  displayName!: string;

  @ApiProperty({ example: 'handler' })
  role!: string;

  @ApiProperty({ example: 'anshan-haicheng-yys' })
  unitId!: string;

  @ApiProperty({ example: '海城支行营业室' })
  unitName!: string;

  @ApiProperty({ example: 'Haicheng Sub-branch Business Hall' })
  unitNameEn!: string;
}

export class AccessTokenDto implements IssuedAccessToken {
  @ApiProperty()
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn!: number;

  @ApiProperty({ type: SignedInUserDto })
  user!: SignedInUserDto;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UserDirectory,
    private readonly tokens: TokenService,
    private readonly orgTree: OrgTree,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({ operationId: 'issueToken', summary: 'Sign in: a bearer token for the other routes, and who you are' })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  async issueToken(
    // Validated here so the endpoint is safe even if the app registers no global ValidationPipe.
    @Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) { username, password }: TokenRequestDto,
  ): Promise<AccessTokenDto> {
    const user = await this.users.authenticate(username, password);
    // One answer for unknown user and wrong password, so usernames cannot be probed.
    if (!user) throw refusal(UnauthorizedException, { zh: '用户名或密码错误。', en: 'Wrong username or password.' });
    const unit = this.orgTree.get(user.unitId);
    const signedIn = { username: user.username, displayName: user.displayName, role: user.role, unitId: unit.id, unitName: unit.name, unitNameEn: unit.nameEn };
    return { ...(await this.tokens.issue(user)), user: signedIn };
  }
}
