/** The kinds of record as the bank's staff call them, for messages in Chinese. */
export const KIND_NAMES_ZH: Readonly<Record<string, string>> = { complaint: '投诉', finding: '整改事项', inspection: '检查', violation: '违规服务', circular: '通报' };
