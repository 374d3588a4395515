import { Module } from '@nestjs/common';
import { CasesModule } from '@duban/cases';
import { SlaRulesEditors } from '../sla/sla-rules-editors';
import { ChecklistTemplates } from './checklist-templates';
import { ChecklistsController } from './checklists.controller';

/** Checklist templates (GET/PUT /checklists/:id), versioned; inspections read the current version when they open. */
@Module({
  imports: [CasesModule],
  providers: [ChecklistTemplates, SlaRulesEditors],
  controllers: [ChecklistsController],
  exports: [ChecklistTemplates],
})
export class ChecklistsModule {}
