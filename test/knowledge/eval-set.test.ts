import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const DEMO = join('tenants', 'demo');

interface EvalSet {
  readonly questions: readonly {
    readonly question: string;
    readonly documents: readonly string[];
  }[];
}

const evalSet = (): EvalSet =>
  JSON.parse(readFileSync(join(DEMO, 'knowledge-eval.json'), 'utf8'));

const demoDocuments = () =>
  readdirSync(join(DEMO, 'knowledge'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => basename(file, '.md'));

describe('knowledge-eval.json', () => {
  it('holds at least 50 distinct questions', () => {
    // Act
    const questions = evalSet().questions.map((q) => q.question.toLowerCase());

    // Assess
    expect(questions.length).toBeGreaterThanOrEqual(50);
    expect(new Set(questions).size).toBe(questions.length);
  });

  it('names only existing demo documents, at least one per question', () => {
    // Prepare
    const known = new Set(demoDocuments());

    // Act
    const unknown = evalSet().questions.flatMap((q) =>
      q.documents.length === 0
        ? [`${q.question}: none`]
        : q.documents
            .filter((d) => !known.has(d))
            .map((d) => `${q.question}: ${d}`),
    );

    // Assess
    expect(unknown).toEqual([]);
  });

  it('asks about every demo document at least three times', () => {
    // Prepare
    const counts = new Map(demoDocuments().map((d) => [d, 0]));

    // Act
    for (const q of evalSet().questions) {
      for (const d of q.documents) counts.set(d, (counts.get(d) ?? 0) + 1);
    }

    // Assess
    const rare = [...counts].filter(([, n]) => n < 3);
    expect(rare).toEqual([]);
  });
});
