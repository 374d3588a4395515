import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CategoryCatalogue, type ComplaintCategory } from '@duban/identity';
import { BilingualTextDto } from '../shared/bilingual-text.dto';

class CategoryDto {
  @ApiProperty({ example: 'attitude' })
  id!: string;

  @ApiProperty({ type: BilingualTextDto })
  label!: BilingualTextDto;

  @ApiProperty({ type: [BilingualTextDto] })
  examples!: BilingualTextDto[];
}

@ApiTags('categories')
@ApiBearerAuth()
@Controller('categories')
export class ListCategoriesController {
  constructor(private readonly catalogue: CategoryCatalogue) {}

  @Get()
  @ApiOperation({ operationId: 'listCategories', summary: 'Complaint and finding categories, with Chinese and English labels' })
  @ApiOkResponse({ type: [CategoryDto] })
  list(): readonly ComplaintCategory[] {
    return this.catalogue.categories;
  }
}
