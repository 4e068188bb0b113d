import { Col, Row } from 'antd';
import { LoadError } from '../../../../desktop/LoadError.tsx';
import { useFleet } from '../shared.ts';
import { AssignmentCard } from './AssignmentCard.tsx';
import { CarriersCard } from './CarriersCard.tsx';
import { DriversCard } from './DriversCard.tsx';
import { LinesCard } from './LinesCard.tsx';
import { VehicleTypesCard } from './VehicleTypesCard.tsx';
import { WarehousesCard } from './WarehousesCard.tsx';

/**
 * The fleet setup, compact: warehouses and which serves a point, vehicle types, carriers with rate
 * cards, drivers, and a warehouse's standing lines.
 */
export function SetupTab() {
  const f = useFleet();
  return (
    <>
      <LoadError query={f.warehouses} />
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <VehicleTypesCard
            vehicleTypes={f.vehicleTypes.data?.items ?? []}
            carriers={f.carriers.data?.items ?? []}
            loading={f.vehicleTypes.isPending}
          />
        </Col>
        <Col span={12}>
          <WarehousesCard warehouses={f.warehouses.data?.items ?? []} loading={f.warehouses.isPending} />
        </Col>
        <Col span={12}>
          <AssignmentCard />
        </Col>
        <Col span={12}>
          <CarriersCard carriers={f.carriers.data?.items ?? []} loading={f.carriers.isPending} />
        </Col>
        <Col span={12}>
          <DriversCard drivers={f.drivers.data?.items ?? []} loading={f.drivers.isPending} />
        </Col>
        <Col span={24}>
          <LinesCard drivers={f.drivers.data?.items ?? []} />
        </Col>
      </Row>
    </>
  );
}
