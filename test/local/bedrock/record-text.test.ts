import { describeRecord } from '../../../local/bedrock/record-text';

describe('describeRecord', () => {
  it('describes an order by its status and items', () => {
    // Act
    const text = describeRecord(
      {
        order_id: '#W5520914',
        status: 'pending',
        items: [{ name: 'Wool Socks', price: 18.89, item_id: '1234567890' }],
      },
      'order details',
    );

    // Assess
    expect(text).toContain('#W5520914');
    expect(text).toContain('pending');
  });

  it('describes a record that counts its items field by field, not as an order', () => {
    // Act
    const text = describeRecord(
      {
        tracking_number: '780391627633',
        carrier: 'Trailpost Parcel',
        status: 'in_transit',
        items: 2,
        estimated_delivery: '2026-12-06',
      },
      'shipment',
    );

    // Assess
    expect(text).toBe(
      'Here is what I found: tracking number: 780391627633; carrier: ' +
        'Trailpost Parcel; status: in_transit; items: 2; estimated ' +
        'delivery: 2026-12-06.',
    );
  });
});
