import { Label } from '@duban/http-problem';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PENALTY_POINTS, type DecidePenalty } from '@duban/workflow';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** The largest fine one decision may set: 1,000,000 yuan, in fen. */
export const MAX_FINE_FEN = 100_000_000;

/** Points and a fine, shared by the penalty and its change on appeal. */
export class PenaltyFieldsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PENALTY_POINTS, example: 2, description: 'Points deducted (扣分); with amountFen, at least one (422)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PENALTY_POINTS)
  @Label('扣分', 'points')
  points?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_FINE_FEN, example: 20000, description: 'Fine (经济处罚) in fen: 200.00 yuan is 20000' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FINE_FEN)
  @Label('罚款金额（分）', 'fine in fen')
  amountFen?: number;
}

/** A supervisor decides the penalty: points and/or a fine. */
export class DecidePenaltyDto extends PenaltyFieldsDto implements CommandPayload<DecidePenalty> {
  @ApiProperty({ example: '造成客户有效投诉，按服务考核办法扣分并处罚款' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @Label('处罚理由', 'reason')
  reason!: string;

  toCommand(): DecidePenalty {
    return {
      type: 'decide-penalty',
      reason: this.reason,
      ...(this.points !== undefined && { points: this.points }),
      ...(this.amountFen !== undefined && { amountFen: this.amountFen }),
    };
  }
}
