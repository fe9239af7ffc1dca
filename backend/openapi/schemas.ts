import { z } from 'zod';
import {
  AcknowledgeBody,
  Alert,
  AssignBody,
  AttachmentBody,
  Case,
  CaseDetail,
  CaseEvent,
  ChannelHealth,
  CloseBody,
  CommentBody,
  ErrorBody,
  EscalateBody,
  FollowUpBody,
  History,
  IngestResult,
  LoginBody,
  Notice,
  Region,
  RegionLevel,
  ReportInput,
  ResolveBody,
  Session,
  Silence,
  SilenceBody,
  StartBody,
  User,
  WallCasesSummary,
} from '#contracts';

/** Every schema the document names, straight from the zod contract. */
export const COMPONENTS = {
  Alert,
  Case,
  CaseDetail,
  CaseEvent,
  ChannelHealth,
  ErrorBody,
  History,
  IngestResult,
  Notice,
  Region,
  RegionLevel,
  ReportInput,
  Session,
  Silence,
  User,
  WallCasesSummary,
  LoginBody,
  AcknowledgeBody,
  StartBody,
  ResolveBody,
  FollowUpBody,
  CloseBody,
  CommentBody,
  AttachmentBody,
  AssignBody,
  EscalateBody,
  SilenceBody,
} satisfies Record<string, z.ZodType>;
export type Component = keyof typeof COMPONENTS;

export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}
