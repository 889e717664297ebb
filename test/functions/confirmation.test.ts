import {
  answeredCall,
  answerToChange,
  changeOf,
} from '../../functions/shared/confirmation';
import type { ToolCall } from '../../schemas/turn';

const CHANGE =
  'cancel order #W5520914 (reason: no longer needed); refund of $18.89';

/** A change put to the customer, as act stores it. */
const asked = (overrides: Partial<ToolCall> = {}): ToolCall => ({
  id: 'tooluse-1',
  name: 'cancel_pending_order',
  input: { order_id: '#W5520914', reason: 'no longer needed' },
  status: 'awaiting_confirmation',
  result: JSON.stringify({ status: 'awaiting_confirmation', change: CHANGE }),
  round: 3,
  latencyMs: 12,
  ...overrides,
});

describe('answerToChange', () => {
  it.each([
    'yes',
    'Yes',
    'YES!',
    'Yes please',
    'yes, go ahead',
    'Yeah',
    'yep',
    'Sure',
    'ok',
    'OK, do it',
    'Okay.',
    'go ahead',
    'Please do',
    'I confirm',
    'Confirmed',
    "That's right",
    'That’s right',
    'correct',
    'Absolutely, thank you!',
    '  "yes"  ',
    '(yes)',
    'yes 👍',
    'Ok 🙂 thanks',
    'Yes — do it!',
    'Sure thing, thank you so much',
    'thats right',
    'Please go ahead',
    'Yes, please proceed.',
    "Let's do it",
    'ok great, thanks',
    'Yes yes',
  ])('reads %j as yes', (text) => {
    // Act
    const answer = answerToChange([text]);

    // Assess
    expect(answer).toBe('yes');
  });

  it.each([
    'no',
    'No.',
    'NO!',
    'No thanks',
    'nope',
    'nah',
    "Don't",
    'don’t do that',
    'do not cancel it',
    'stop',
    'never mind',
    'wait',
    'Hold on',
    'not now',
  ])('reads %j as no', (text) => {
    // Act
    const answer = answerToChange([text]);

    // Assess
    expect(answer).toBe('no');
  });

  it.each([
    ['a hedged yes', 'yes but only the tent'],
    ['a yes with an exception', 'Yes, except the stove'],
    ['a yes with "not"', 'ok, not the pad though'],
    ['a yes with "only"', 'sure, only the socks'],
    ['a yes that asks for something else', 'yes, refund it instead'],
    ['a yes that waits', 'ok wait'],
    ['a question that opens with ok', 'ok, how long will the refund take?'],
    ['a question that opens with please', 'please, how much do I get back?'],
    ['a bare question', 'yes?'],
    ['a word that merely starts like yes', 'yesterday it arrived broken'],
    ['a word that merely starts like no', 'nobody told me it shipped'],
    ['"know"', 'I know'],
    ['a "no" that agrees', 'no problem, go ahead'],
    ['a "no" that may agree', 'No worries'],
    ['a yes that is not at the start', 'I guess yes'],
    ['a new request', 'What is the status of order #W4817203?'],
    ['an emoji', '👍'],
    ['an empty message', ''],
    [
      'a long message that opens with yes',
      'Yes and also could you please tell me when my other order will ' +
        'arrive because I need it for the weekend',
    ],
    ['a courtesy alone', 'please'],
    ['thanks alone', 'Thanks!'],
  ])('reads %s as something else', (_, text) => {
    // Act
    const answer = answerToChange([text]);

    // Assess
    expect(answer).toBe('other');
  });

  it.each([
    ['a new request that opens with please', 'please cancel my other order'],
    ['a question without a question mark', 'ok so what about my other order'],
    ['a yes that thinks it over', 'sure, let me think about it'],
    [
      'a yes with a further change',
      'yes and also change my address to 12 Main St',
    ],
    ['a yes with a further request', 'Yes, and refund the shipping too'],
    ['a yes that names something else', 'ok the blue one'],
    ['a yes with a number', 'yes 2 of them'],
    ['a yes that asks again', 'sure, can you also check #W4817203'],
    ['a yes that turns on "but"', 'correct but the stove stays'],
    ['an ok that leads on', 'ok and then'],
    ['a go-ahead for something else', 'go ahead and cancel the other one'],
    ['a "please" that asks for more', 'please do it and email me'],
    ['a yes that is unsure', 'yes I think so'],
    ['an unsure one', 'not sure'],
    ['a Spanish "if"', 'si puedes cancelar mi otro pedido'],
    ['a Portuguese request', 'pode cancelar o outro pedido'],
    ['a French yes with more', 'oui et aussi changer mon adresse'],
    ['a German yes with more', 'ja und ändern Sie meine Adresse'],
    ['a Dutch yes with more', 'graag maar dan de rode'],
  ])('reads %s as something else: a yes must say nothing more', (_, text) => {
    // Act
    const answer = answerToChange([text]);

    // Assess
    expect(answer).toBe('other');
  });

  it.each([
    ['es', 'Sí, por favor', 'yes'],
    ['es', 'si', 'yes'],
    ['es', '¡Claro!', 'yes'],
    ['es', 'Vale', 'yes'],
    ['es', 'Adelante', 'yes'],
    ['es', 'No, gracias', 'no'],
    ['es', 'Sí, pero solo la tienda', 'other'],
    ['fr', 'Oui', 'yes'],
    ['fr', "D'accord", 'yes'],
    ['fr', 'Allez-y', 'yes'],
    ['fr', 'Non merci', 'no'],
    ['fr', 'Oui mais seulement la tente', 'other'],
    ['de', 'Ja', 'yes'],
    ['de', 'Ja, gerne', 'yes'],
    ['de', 'Klar', 'yes'],
    ['de', 'Nein', 'no'],
    ['de', 'Ja, aber nur das Zelt', 'other'],
    ['it', 'Sì', 'yes'],
    ['it', 'Certo', 'yes'],
    ['it', 'Va bene', 'yes'],
    ['it', 'Sì, ma solo la tenda', 'other'],
    ['pt', 'Sim', 'yes'],
    ['pt', 'Pode', 'yes'],
    ['pt', 'Não', 'no'],
    ['pt', 'nao obrigado', 'no'],
    ['pt', 'Sim, mas só a barraca', 'other'],
    ['nl', 'Graag', 'yes'],
    ['nl', 'Nee', 'no'],
    ['nl', 'Ja, maar alleen de tent', 'other'],
    ['es', 'Sí, gracias', 'yes'],
    ['es', 'De acuerdo', 'yes'],
    ['es', 'si, hazlo', 'yes'],
    ['es', 'Sí, y cambia mi dirección', 'other'],
    ['fr', "Oui, s'il vous plaît", 'yes'],
    ['fr', 'Bien sûr, merci', 'yes'],
    ['fr', 'Oui, mais pas la tente', 'other'],
    ['de', 'Ja bitte', 'yes'],
    ['de', 'In Ordnung, danke schön', 'yes'],
    ['de', 'Ja, aber erst morgen', 'other'],
    ['it', 'Sì, grazie', 'yes'],
    ['it', "D'accordo", 'yes'],
    ['it', 'Sì e anche la borsa', 'other'],
    ['pt', 'Sim, por favor', 'yes'],
    ['pt', 'Com certeza, obrigada', 'yes'],
    ['pt', 'Sim, e também o saco', 'other'],
    ['nl', 'Ja, dank je wel', 'yes'],
    ['nl', 'Doe maar', 'yes'],
    ['nl', 'Ja, en ook mijn adres', 'other'],
  ])('reads %s %j as %s', (_, text, expected) => {
    // Act
    const answer = answerToChange([text]);

    // Assess
    expect(answer).toBe(expected);
  });

  it.each([
    [['yes', 'wait, no'], 'no'],
    [['no', 'yes please'], 'yes'],
    [['yes', 'no', 'ok go ahead'], 'yes'],
    [['hi again', 'yes'], 'yes'],
    [['yes', 'thanks!'], 'yes'],
    [['no', 'and how is my other order doing?'], 'no'],
    [['yes', 'but only the tent'], 'other'],
    [['ok', 'not the stove though'], 'other'],
    [['yes', 'only the socks'], 'other'],
    [['no', 'but only for now'], 'no'],
    [['yes', '👍'], 'yes'],
    [['ok', 'and also change my address to 12 Main St'], 'other'],
    [['sure', 'let me think about it'], 'other'],
    [['yes', 'ok?'], 'other'],
    [[], 'other'],
  ])('reads %j as %s: the last answer stands', (texts, expected) => {
    // Act
    const answer = answerToChange(texts);

    // Assess
    expect(answer).toBe(expected);
  });
});

describe('changeOf', () => {
  it.each([
    ['the change the result names', asked(), CHANGE],
    ['the tool when the result is not JSON', asked({ result: 'oops' }), ''],
    ['the tool when the result names no change', asked({ result: '{}' }), ''],
    ['the tool when there is no result', asked({ result: undefined }), ''],
    [
      'the tool when the change is not text',
      asked({ result: '{"change":42}' }),
      '',
    ],
  ])('gives %s', (_, call, change) => {
    // Act
    const given = changeOf(call);

    // Assess
    expect(given).toBe(change || 'cancel pending order');
  });
});

describe('answeredCall', () => {
  it('carries a yes into the new turn as a confirmed request', () => {
    // Act
    const call = answeredCall(asked(), 'yes');

    // Assess
    expect(call).toEqual({
      id: 'tooluse-1',
      name: 'cancel_pending_order',
      input: { order_id: '#W5520914', reason: 'no longer needed' },
      status: 'requested',
      confirmed: true,
      round: 1,
    });
  });

  it('carries a no as a declined call that says nothing changed', () => {
    // Act
    const call = answeredCall(asked(), 'no');

    // Assess
    expect(call).toMatchObject({
      id: 'tooluse-1',
      name: 'cancel_pending_order',
      status: 'declined',
      round: 1,
    });
    expect(call.confirmed).toBeUndefined();
    expect(call.latencyMs).toBeUndefined();
    expect(JSON.parse(call.result ?? '')).toEqual({
      status: 'declined',
      change: CHANGE,
      note: 'The customer said no; nothing was changed.',
    });
  });

  it('leaves the asked call as it was', () => {
    // Prepare
    const call = asked();
    const before = structuredClone(call);

    // Act
    answeredCall(call, 'yes');
    answeredCall(call, 'no');

    // Assess
    expect(call).toEqual(before);
  });
});
