import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';

@Entity({ tableName: 'organization' })
export class Organization extends BaseEntity {
  @Property({ type: 'text' })
  name: string;

  constructor(name: string) {
    super();
    this.name = name;
  }
}
