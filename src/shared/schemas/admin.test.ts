import { describe, expect, it } from 'vitest';
import { CategoryPatch, DepartmentPatch, UserPatch } from './admin.js';

describe('admin PATCH schemas', () => {
  it('keep only the fields a PATCH names (no defaults filled in)', () => {
    const departmentId = '7f1c4b2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
    expect(CategoryPatch.parse({ departmentId })).toEqual({ departmentId });
    expect(DepartmentPatch.parse({})).toEqual({});
    expect(UserPatch.parse({ role: 'operator' })).toEqual({ role: 'operator' });
  });

  it('still validate the fields they are given', () => {
    expect(CategoryPatch.safeParse({ slaWorkingDays: 0 }).success).toBe(false);
    expect(UserPatch.safeParse({ password: 'short' }).success).toBe(false);
    expect(UserPatch.parse({ email: null })).toEqual({ email: null });
  });
});
