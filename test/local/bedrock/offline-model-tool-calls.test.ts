import { assistant, converse, user } from './offline-model-fixtures';

describe('offlineConverse', () => {
  it.each([
    [
      'Where is my order #W2378156?',
      'get_order_details',
      { order_id: '#W2378156' },
    ],
    [
      'my order number is W2378156',
      'get_order_details',
      { order_id: '#W2378156' },
    ],
    [
      'My email is mia.garcia2723@example.com',
      'find_user_id_by_email',
      { email: 'mia.garcia2723@example.com' },
    ],
    [
      "I'm Yusuf Rossi, zip code 19122",
      'find_user_id_by_name_zip',
      { first_name: 'Yusuf', last_name: 'Rossi', zip: '19122' },
    ],
    ['What products do you sell?', 'list_all_product_types', {}],
    ['Do you sell kayaks?', 'list_all_product_types', {}],
    [
      'Is product 1656367028 in stock?',
      'get_product_details',
      { product_id: '1656367028' },
    ],
  ])('calls a tool for %j', (text, name, input) => {
    // Act
    const { response, use } = converse([user(text)]);

    // Assess
    expect(response.stopReason).toBe('tool_use');
    expect(use).toEqual({
      toolUseId: expect.stringMatching(/^tooluse_[\w-]{22}$/),
      name,
      input,
    });
  });

  it('takes arguments from earlier customer messages', () => {
    // Prepare
    const messages = [
      user('I have a question about order #W2378156'),
      assistant('Of course, what would you like to know?'),
      user('What is its status?'),
    ];

    // Act
    const { use } = converse(messages);

    // Assess
    expect(use).toMatchObject({
      name: 'get_order_details',
      input: { order_id: '#W2378156' },
    });
  });

  it.each([
    ['Where is my order?', ['order ID']],
    ['When will my delivery arrive?', ['order ID']],
    ['I am Yusuf Rossi', ['zip code']],
    ['Can you show my profile?', ['email address', 'zip code']],
  ])('asks for what %j leaves out', (text, wanted) => {
    // Act
    const { response, text: reply, use } = converse([user(text)]);

    // Assess
    expect(response.additionalModelResponseFields.route).toBe('ask_arguments');
    expect(use).toBeUndefined();
    for (const label of wanted) expect(reply).toContain(label);
  });
});
