import { Controller, Get, Post, type INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import request from 'supertest';
import { IdentityConfigError } from '../config/identity-config.error';
import { IdentityModule } from '../identity.module';
import type { AuthenticatedUser } from '../users/user';
import { CurrentUser, Public, Roles } from './auth.decorators';
import type { IdentityModuleOptions } from './identity-module-options';

const SECRET = 'e2e-secret-that-is-long-enough-for-hs256!';
const options: IdentityModuleOptions = {
  configFile: join(__dirname, '../../../../config/organisation.demo.json'),
  demoMode: true,
  demoPassword: 'e2e-demo-password',
  jwtSecret: SECRET,
  tokenTtlSeconds: 600,
  nodeEnv: 'test',
};

@Controller()
class DummyController {
  @Public()
  @Get('health/live')
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }

  @Post('cases')
  register(@CurrentUser() user: AuthenticatedUser): { registeredBy: string } {
    return { registeredBy: user.username };
  }

  @Roles('supervisor')
  @Get('supervision')
  supervision(): { ok: true } {
    return { ok: true };
  }

  @Roles('auditor', 'supervisor')
  @Post('replays')
  replay(): { ok: true } {
    return { ok: true };
  }
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('IdentityModule over HTTP', () => {
  let app: INestApplication;
  const signer = new JwtService({ secret: SECRET });
  const handlerClaims = { sub: 'handler.haicheng', role: 'handler', unitId: 'anshan-haicheng-yys', name: '李晓燕' };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [IdentityModule.forRoot(options)],
      controllers: [DummyController],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());
  const login = async (username: string): Promise<string> => {
    const response = await http().post('/auth/token').send({ username, password: 'e2e-demo-password' }).expect(200);
    return response.body.accessToken as string;
  };

  describe('POST /auth/token', () => {
    it('issues an HS256 bearer token carrying the user claims', async () => {
      const response = await http().post('/auth/token').send({ username: 'handler.haicheng', password: 'e2e-demo-password' }).expect(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 600,
        user: {
          username: 'handler.haicheng',
          displayName: expect.any(String),
          role: 'handler',
          unitId: 'anshan-haicheng-yys',
          unitName: '海城支行营业室',
          unitNameEn: expect.any(String),
        },
      });
      const [header] = (response.body.accessToken as string).split('.');
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'HS256', typ: 'JWT' });
      const claims = claimsOf(response.body.accessToken);
      expect(claims).toMatchObject(handlerClaims);
      expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
    });

    it('answers a wrong password and an unknown user identically with 401', async () => {
      const wrongPassword = await http().post('/auth/token').send({ username: 'handler.haicheng', password: 'guess' }).expect(401);
      const unknownUser = await http().post('/auth/token').send({ username: 'nobody', password: 'e2e-demo-password' }).expect(401);
      expect(wrongPassword.body).toEqual(unknownUser.body);
      expect(wrongPassword.body.message).toEqual({ zh: '用户名或密码错误。', en: 'Wrong username or password.' });
    });

    it.each([
      ['a missing password', { username: 'handler.haicheng' }],
      ['a non-string username', { username: 42, password: 'x' }],
      ['an unexpected field', { username: 'handler.haicheng', password: 'e2e-demo-password', role: 'admin' }],
    ])('rejects %s with 400', async (_case, body) => {
      await http().post('/auth/token').send(body).expect(400);
    });
  });

  describe('the global guard', () => {
    it('lets @Public() routes through without a token', async () => {
      await http().get('/health/live').expect(200, { status: 'ok' });
    });

    it('hands the signed-in user to @CurrentUser()', async () => {
      const token = await login('head.haicheng');
      await http()
        .get('/me')
        .set('Authorization', `Bearer ${token}`)
        .expect(200, { username: 'head.haicheng', displayName: '张建国', role: 'unit_head', unitId: 'anshan-haicheng' });
    });

    it('refuses a request without a token, pointing to the Bearer scheme', async () => {
      const response = await http().get('/me').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="duban"');
      expect(response.body.message.en).toMatch(/Authorization: Bearer/);
    });

    it('refuses an expired token, saying so', async () => {
      const expired = signer.sign({ ...handlerClaims, exp: Math.floor(Date.now() / 1000) - 60 });
      const response = await http().get('/me').set('Authorization', `Bearer ${expired}`).expect(401);
      expect(response.body.message.en).toMatch(/expired/);
    });

    it.each([
      ['a wrong signature', () => new JwtService({ secret: 'another-secret-that-is-long-enough-too!' }).sign(handlerClaims)],
      ['alg none', () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(handlerClaims)}.`],
      ['another HMAC algorithm than HS256', () => signer.sign(handlerClaims, { algorithm: 'HS512' })],
      ['a malformed token', () => 'not-a-jwt'],
      ['a genuine token that never expires', () => signer.sign(handlerClaims)],
    ])('refuses %s', async (_case, makeToken) => {
      await http().get('/me').set('Authorization', `Bearer ${makeToken()}`).expect(401);
    });

    it('refuses a token whose payload was edited after signing', async () => {
      const [header, , signature] = (await login('handler.haicheng')).split('.');
      const tampered = `${header}.${base64url({ ...handlerClaims, role: 'admin', unitId: 'hq' })}.${signature}`;
      await http().get('/me').set('Authorization', `Bearer ${tampered}`).expect(401);
    });

    it('refuses a genuine token that no longer matches the account, or names no account', async () => {
      for (const claims of [
        { ...handlerClaims, role: 'supervisor' },
        { ...handlerClaims, sub: 'former.employee' },
      ]) {
        const response = await http()
          .get('/me')
          .set('Authorization', `Bearer ${signer.sign(claims, { expiresIn: 600 })}`)
          .expect(401);
        expect(response.body.message.en).toMatch(/no longer matches an active account/);
      }
    });

    it('refuses other authorization schemes', async () => {
      await http()
        .get('/me')
        .set('Authorization', `Basic ${Buffer.from('admin:demo').toString('base64')}`)
        .expect(401);
    });

    it('answers 403 to a role the route does not allow, and 200 to one it does', async () => {
      const response = await http()
        .get('/supervision')
        .set('Authorization', `Bearer ${await login('handler.daoxi')}`)
        .expect(403);
      expect(response.body.message.en).toBe('This action needs one of the roles: supervisor.');
      await http()
        .get('/supervision')
        .set('Authorization', `Bearer ${await login('supervisor.anshan')}`)
        .expect(200);
    });

    it('keeps auditors read-only unless the route explicitly admits them', async () => {
      const auditor = `Bearer ${await login('auditor')}`;
      await http().get('/me').set('Authorization', auditor).expect(200);
      const refused = await http().post('/cases').set('Authorization', auditor).expect(403);
      expect(refused.body.message.en).toMatch(/read-only/);
      await http().post('/replays').set('Authorization', auditor).expect(201);
      await http()
        .post('/cases')
        .set('Authorization', `Bearer ${await login('handler.daoxi')}`)
        .expect(201, { registeredBy: 'handler.daoxi' });
    });
  });
});

describe('IdentityModule.forRoot refusals', () => {
  it('refuses to start in production with demo mode on', async () => {
    const compiling = Test.createTestingModule({ imports: [IdentityModule.forRoot({ ...options, nodeEnv: 'production' })] }).compile();
    await expect(compiling).rejects.toThrow(IdentityConfigError);
    await expect(compiling).rejects.toThrow(/NODE_ENV=production/);
  });

  it('refuses a JWT secret too short for HS256 and a non-positive token lifetime', () => {
    expect(() => IdentityModule.forRoot({ ...options, jwtSecret: 'short' })).toThrow(/at least 32 characters/);
    expect(() => IdentityModule.forRoot({ ...options, tokenTtlSeconds: 0 })).toThrow(/tokenTtlSeconds/);
  });
});
