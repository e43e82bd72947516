/** Reference data every screen needs: categories, departments, statuses, settings. Cached for the session. */
import { useQuery } from '@tanstack/react-query';
import type { Category, Department, StatusView } from '../../../shared/schemas/admin';
import type { MunicipalitySettings } from '../../../shared/schemas/settings';
import { get } from '../../api/client';

const long = { staleTime: 10 * 60_000 };

export const useCategories = () => useQuery({ queryKey: ['categories'], queryFn: () => get<Category[]>('/api/categories'), ...long });
export const useDepartments = () => useQuery({ queryKey: ['departments'], queryFn: () => get<Department[]>('/api/departments'), ...long });
export const useStatuses = () => useQuery({ queryKey: ['statuses'], queryFn: () => get<StatusView[]>('/api/statuses'), ...long });
export const useSettings = () => useQuery({ queryKey: ['settings'], queryFn: () => get<MunicipalitySettings>('/api/settings'), ...long });
