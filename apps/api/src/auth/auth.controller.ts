import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { TokenRequestDto, TokenResponseDto } from './dto/token.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('token')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a username and password for a bearer token',
    description:
      'Send the token as `Authorization: Bearer <access_token>` until it expires. Takes JSON, or a form as an ' +
      "OAuth2 password-flow client sends it (`grant_type=password&username=...&password=...`): Swagger UI's " +
      'Authorize button logs in this way.',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ description: 'username or password missing or not strings.' })
  @ApiUnauthorizedResponse({ description: 'Unknown user, wrong password or deactivated user.' })
  issueToken(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    return this.auth.issueToken(body.username, body.password);
  }
}
